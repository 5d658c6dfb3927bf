/**
 * A button that posts one billing intent (checkout for a plan, or the Billing Portal) to the
 * billing page's action, which answers with a redirect to Stripe. Only its own button spins.
 */
import { Form } from '@remix-run/react';
import type { ComponentProps } from 'react';
import { IntentSubmit } from '~/components/webhooks/IntentSubmit';

type StripeFormProps = {
  intent: 'checkout' | 'portal';
  /** The plan, for checkout. */
  plan?: string;
  pendingText: string;
  variant?: ComponentProps<typeof IntentSubmit>['variant'];
  children: string;
  'aria-describedby'?: string;
};

export function StripeForm({ intent, plan, pendingText, variant, children, ...rest }: StripeFormProps) {
  return (
    <Form method="post" className="inline">
      {plan ? <input type="hidden" name="subject" value={plan} /> : null}
      <IntentSubmit intent={intent} subject={plan} pendingText={pendingText} variant={variant} {...rest}>
        {children}
      </IntentSubmit>
    </Form>
  );
}
