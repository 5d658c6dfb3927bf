/**
 * Shown instead of every Stripe button while this installation has no STRIPE_SECRET_KEY: what the
 * operator sets to connect Stripe, with this installation's own webhook endpoint URL.
 */
import { Card, Text } from '~/components/ui/tremor';

const VARIABLES: [name: string, what: string][] = [
  ['STRIPE_SECRET_KEY', 'the secret API key (sk_live_… or sk_test_…) from the Stripe dashboard'],
  ['STRIPE_WEBHOOK_SECRET', 'the signing secret (whsec_…) of the webhook endpoint below'],
  ['STRIPE_PRICE_TEAM', 'the id of the monthly Team price (price_…)'],
  ['STRIPE_PRICE_BUSINESS', 'the id of the monthly Business price (price_…)'],
];

export function ConnectStripePanel({ webhookUrl }: { webhookUrl: string }) {
  return (
    <Card className="space-y-3" aria-labelledby="connect-stripe" data-testid="connect-stripe">
      <h2 id="connect-stripe" className="text-lg font-semibold text-gray-900">
        Stripe is not connected yet
      </h2>
      <Text>
        Plans are bought and paid through Stripe. Until the operator of this installation connects it, everyone stays on
        their current plan and there is nothing to buy here. To connect Stripe, set these environment variables and
        restart Atrium:
      </Text>
      <dl className="space-y-2 text-sm">
        {VARIABLES.map(([name, what]) => (
          <div key={name} className="flex flex-col gap-0.5 sm:flex-row sm:gap-2">
            <dt className="font-mono font-medium text-gray-900">{name}</dt>
            <dd className="text-gray-700">{what}</dd>
          </div>
        ))}
      </dl>
      <Text>
        In Stripe, add a webhook endpoint at{' '}
        <code className="break-all rounded bg-gray-100 px-1 py-0.5 font-mono text-gray-900">{webhookUrl}</code> so
        subscriptions, payments and invoices reach Atrium.
      </Text>
    </Card>
  );
}
