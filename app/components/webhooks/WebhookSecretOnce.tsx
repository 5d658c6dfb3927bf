/** An endpoint's `whsec_` signing secret, shown once (after create or rotate); the server keeps it sealed. */
import { Link } from '@remix-run/react';
import { SecretOnce } from '~/components/SecretOnce';

export function WebhookSecretOnce({ secret, orgSlug }: { secret: string; orgSlug: string }) {
  return (
    <SecretOnce
      title="The endpoint’s signing secret"
      value={secret}
      label="Webhook signing secret"
      copyLabel="Copy secret"
      testId="webhook-secret"
    >
      Copy it now and store it where your receiver reads it: <strong>you will not see it again</strong>. Your receiver
      verifies each request with it the Standard Webhooks way: the webhook-signature header holds an HMAC-SHA256 of the
      webhook-id, webhook-timestamp and body (any Standard Webhooks library does this; see{' '}
      <Link to={`/o/${orgSlug}/webhooks/events#verifying-signatures`} className="font-medium underline">
        verifying signatures
      </Link>
      ).
    </SecretOnce>
  );
}
