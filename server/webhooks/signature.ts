/**
 * Signing outbound webhooks the Standard Webhooks way (https://www.standardwebhooks.com), so a
 * receiver can verify them with any of that spec's libraries: `webhook-id`, `webhook-timestamp`
 * (unix seconds) and `webhook-signature`, one `v1,<base64 HMAC-SHA256("<id>.<timestamp>.<body>")>`
 * per active secret, space-separated — during a rotation's overlap both the new and the previous
 * secret sign, so a receiver holding either verifies. The HMAC key is the base64 after `whsec_`.
 * Never logs or returns a secret.
 */
import { createHmac } from 'node:crypto';

export const WEBHOOK_SECRET_PREFIX = 'whsec_';

export type WebhookSignatureHeaders = {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
};

function signingKey(secret: string): Buffer {
  if (!secret.startsWith(WEBHOOK_SECRET_PREFIX)) throw new Error('webhook secret must start with whsec_');
  const key = Buffer.from(secret.slice(WEBHOOK_SECRET_PREFIX.length), 'base64');
  if (key.length === 0) throw new Error('webhook secret has an empty key');
  return key;
}

/** The signature of one secret over the signed content (`<id>.<timestamp>.<body>`), as `v1,<base64>`. */
export function signatureOf(secret: string, id: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', signingKey(secret)).update(`${id}.${timestamp}.${body}`).digest('base64');
  return `v1,${mac}`;
}

/** The three headers for a message body, signed with every active secret (at least one). */
export function signWebhook(input: {
  id: string;
  body: string;
  secrets: readonly string[];
  now?: Date;
}): WebhookSignatureHeaders {
  if (input.secrets.length === 0) throw new Error('a webhook needs at least one secret to be signed');
  const timestamp = Math.floor((input.now ?? new Date()).getTime() / 1000);
  return {
    'webhook-id': input.id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': input.secrets.map((secret) => signatureOf(secret, input.id, timestamp, input.body)).join(' '),
  };
}
