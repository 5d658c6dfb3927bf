/**
 * The org's plan now: its name and price, the subscription's status and period end (a failed
 * payment and a cancellation at period end said plainly), seats used against the limit, the card
 * on file and, for billing:manage holders with Stripe connected, the way to the Billing Portal.
 */
import { Badge, type BadgeColor } from '~/components/Badge';
import { Card, Callout, Text } from '~/components/ui/tremor';
import type { BillingOverview } from '../../../server/billing/schemas';
import { formatDay, monthlyPrice, subscriptionStatusText } from './billingFormat';
import { SeatsBar } from './SeatsBar';
import { StripeForm } from './StripeForm';

const STATUS_COLORS: Record<string, BadgeColor> = { active: 'emerald', trialing: 'blue', past_due: 'red' };

function PeriodLine({ subscription }: { subscription: NonNullable<BillingOverview['subscription']> }) {
  if (!subscription.currentPeriodEnd) return null;
  const day = formatDay(subscription.currentPeriodEnd);
  return (
    <Text>
      {subscription.cancelAtPeriodEnd ? `Ends on ${day}; the org then returns to Free.` : `Renews on ${day}.`}
    </Text>
  );
}

function CardOnFile({ card }: { card: BillingOverview['card'] }) {
  if (!card) return <Text>No card on file.</Text>;
  const expiry =
    card.expMonth && card.expYear ? `, expires ${String(card.expMonth).padStart(2, '0')}/${card.expYear}` : '';
  return (
    <Text>
      <span className="capitalize">{card.brand}</span> ending in {card.last4}
      {expiry}
    </Text>
  );
}

export function CurrentPlanCard({ overview, canManage }: { overview: BillingOverview; canManage: boolean }) {
  const { plan, subscription } = overview;
  const price = monthlyPrice(plan.monthlyPriceCents);
  return (
    <Card className="space-y-5" aria-labelledby="current-plan">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 id="current-plan" className="text-sm font-medium text-gray-600">
            Current plan
          </h2>
          <p className="mt-1 text-2xl font-semibold text-gray-900" data-testid="current-plan-name">
            {plan.name}
          </p>
          <Text>{plan.monthlyPriceCents ? `${price} per month` : price}</Text>
        </div>
        {subscription ? (
          <Badge color={STATUS_COLORS[subscription.status] ?? 'gray'}>
            {subscriptionStatusText(subscription.status)}
          </Badge>
        ) : null}
      </div>
      {subscription ? <PeriodLine subscription={subscription} /> : null}
      {subscription?.isPastDue ? (
        <Callout title="Your last payment failed" color="red" role="alert">
          Stripe will retry the payment for a few days and your {plan.name} plan stays until then. Update the card
          {canManage ? ' with “Manage payment methods”' : ' (ask an owner or a billing contact)'} to keep it.
        </Callout>
      ) : null}
      <SeatsBar seats={overview.seats} />
      <div className="space-y-2 border-t border-gray-200 pt-4">
        <h3 className="text-sm font-medium text-gray-900">Payment method</h3>
        <CardOnFile card={overview.card} />
        {canManage && overview.isStripeConfigured ? (
          <StripeForm intent="portal" pendingText="Opening Stripe…" variant="secondary">
            Manage payment methods
          </StripeForm>
        ) : null}
      </div>
    </Card>
  );
}
