/** What the org's plan includes, from useEntitlements(): the same values the server enforces. */
import { Card, Text } from '~/components/ui/tremor';
import { useEntitlements } from '~/lib/entitlements';
import { limitText } from './billingFormat';

export function PlanFeatures() {
  const entitlements = useEntitlements();
  if (!entitlements) return null;
  const rows: [label: string, value: string, isIncluded: boolean][] = [
    ['Seats', limitText(entitlements.seats, 'seats'), true],
    ['API calls', limitText(entitlements.apiCallsPerMonth, 'a month'), true],
    ['Audit history', `Up to ${entitlements.auditRetentionDays} days`, true],
    ['Single sign-on', entitlements.isSsoAvailable ? 'Included' : 'Not on this plan', entitlements.isSsoAvailable],
    ['SCIM provisioning', entitlements.isScimAvailable ? 'Included' : 'Not on this plan', entitlements.isScimAvailable],
  ];
  return (
    <Card className="space-y-3" aria-labelledby="plan-features">
      <h2 id="plan-features" className="text-lg font-semibold text-gray-900">
        Included in {entitlements.planName}
      </h2>
      <dl className="divide-y divide-gray-100 text-sm">
        {rows.map(([label, value, isIncluded]) => (
          <div key={label} className="flex flex-wrap justify-between gap-2 py-2">
            <dt className="text-gray-700">{label}</dt>
            <dd className={isIncluded ? 'font-medium text-gray-900' : 'text-gray-600'}>{value}</dd>
          </div>
        ))}
      </dl>
      <Text>Limits apply at once when the plan changes.</Text>
    </Card>
  );
}
