/**
 * The plans side by side with what each allows. Billing managers upgrade from here: to Checkout
 * when the org has no subscription yet, to the Billing Portal when it already pays (Stripe changes
 * the plan there); Enterprise is sold by contract ("Contact sales"). Without Stripe connected, or
 * without billing:manage, no button is shown that could not work — a line says why instead.
 */
import { Badge } from '~/components/Badge';
import { Card, Text } from '~/components/ui/tremor';
import type { BillingOverview } from '../../../server/billing/schemas';
import { PLAN_KEYS, type Plan } from '../../../server/shared/plans';
import { limitText, monthlyPrice } from './billingFormat';
import { StripeForm } from './StripeForm';

type Props = { overview: BillingOverview; canManage: boolean };

function Limits({ plan }: { plan: Plan }) {
  const { limits } = plan;
  const rows = [
    limitText(limits.seats, 'seats'),
    limitText(limits.apiCallsPerMonth, 'API calls a month'),
    `${limits.auditRetentionDays} days of audit history`,
    limits.isSsoAvailable ? 'Single sign-on (SAML, OIDC)' : 'No single sign-on',
    limits.isScimAvailable ? 'SCIM provisioning' : 'No SCIM provisioning',
  ];
  return (
    <ul className="space-y-1 text-sm text-gray-700">
      {rows.map((row) => (
        <li key={row}>{row}</li>
      ))}
    </ul>
  );
}

function PlanAction({ plan, overview, canManage }: { plan: Plan } & Props) {
  const current = overview.plan.key;
  const isAbove = PLAN_KEYS.indexOf(plan.key) > PLAN_KEYS.indexOf(current);
  if (plan.key === current) return <Badge color="blue">Your plan</Badge>;
  if (plan.key === 'enterprise') {
    const subject = encodeURIComponent('Atrium Enterprise');
    return (
      <a
        href={`mailto:${overview.salesEmail}?subject=${subject}`}
        className="inline-block rounded-tremor-default border border-blue-700 px-4 py-2 text-sm font-medium text-blue-700 hover:bg-blue-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 focus-visible:ring-offset-2"
      >
        Contact sales
      </a>
    );
  }
  if (!isAbove) {
    return overview.subscription && canManage ? (
      <Text>To move down, use “Manage payment methods” and change the plan there.</Text>
    ) : null;
  }
  if (!overview.isStripeConfigured) return <Text>Upgrades open once Stripe is connected.</Text>;
  if (!canManage) return <Text>Ask an owner or a billing contact to upgrade.</Text>;
  if (overview.subscription) {
    return (
      <StripeForm intent="portal" pendingText="Opening Stripe…">
        {`Change to ${plan.name}`}
      </StripeForm>
    );
  }
  return (
    <StripeForm intent="checkout" plan={plan.key} pendingText="Opening checkout…">
      {`Upgrade to ${plan.name}`}
    </StripeForm>
  );
}

export function PlanComparison({ overview, canManage }: Props) {
  return (
    <section aria-labelledby="compare-plans" className="space-y-3">
      <h2 id="compare-plans" className="text-lg font-semibold text-gray-900">
        Plans
      </h2>
      <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        {overview.catalogue.map((plan) => (
          <li key={plan.key}>
            <Card
              className={`flex h-full flex-col gap-3 ${plan.key === overview.plan.key ? 'ring-2 ring-blue-600' : ''}`}
              aria-labelledby={`plan-${plan.key}`}
              data-testid={`plan-${plan.key}`}
            >
              <div>
                <h3 id={`plan-${plan.key}`} className="text-base font-semibold text-gray-900">
                  {plan.name}
                </h3>
                <p className="text-lg font-semibold text-gray-900">
                  {monthlyPrice(plan.monthlyPriceCents)}
                  {plan.monthlyPriceCents ? <span className="text-sm font-normal text-gray-600"> / month</span> : null}
                </p>
                <Text>{plan.summary}</Text>
              </div>
              <Limits plan={plan} />
              <div className="mt-auto pt-2">
                <PlanAction plan={plan} overview={overview} canManage={canManage} />
              </div>
            </Card>
          </li>
        ))}
      </ul>
    </section>
  );
}
