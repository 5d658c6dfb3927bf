/**
 * How a receiver checks that a request came from Atrium, and what Atrium does when it does not
 * answer: the Standard Webhooks headers, the v1 HMAC-SHA256 signature, the retry schedule and
 * when an endpoint is turned off. The numbers are those the delivery engine uses.
 */
import { Card } from '~/components/ui/tremor';
import { JsonBlock } from './JsonBlock';

export const RETRY_SCHEDULE = ['immediately', '5 s', '5 min', '30 min', '2 h', '5 h', '10 h', '10 h'] as const;

const RETRY_AFTER = RETRY_SCHEDULE.slice(1);

const SIGNED_CONTENT = '${webhook-id}.${webhook-timestamp}.${body}';

const HEADERS_EXAMPLE = [
  'webhook-id: msg_2Lz3C5bVxXq8wY1Q0fJmTtYp9Ka',
  'webhook-timestamp: 1796212800',
  'webhook-signature: v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=',
].join('\n');

export function SignatureGuide() {
  return (
    <Card className="space-y-3 text-sm text-gray-700">
      <h2 id="verifying-signatures" className="text-lg font-semibold text-gray-900">
        Verifying signatures
      </h2>
      <p>
        Each request is a POST with a JSON body <code className="font-mono">{'{ type, timestamp, data }'}</code> and
        three headers, as{' '}
        <a href="https://www.standardwebhooks.com/" className="font-medium text-blue-700 underline">
          Standard Webhooks
        </a>{' '}
        defines them:
      </p>
      <JsonBlock text={HEADERS_EXAMPLE} label="Example request headers" />
      <ul className="list-disc space-y-1 pl-5">
        <li>
          <code className="font-mono">webhook-id</code>: the message id, the same on every retry: use it to ignore a
          message you already handled.
        </li>
        <li>
          <code className="font-mono">webhook-timestamp</code>: when it was sent, in seconds since 1970 (UTC). Refuse
          requests more than a few minutes old.
        </li>
        <li>
          <code className="font-mono">webhook-signature</code>: <code className="font-mono">v1,</code> followed by the
          base64 HMAC-SHA256 of <code className="break-all font-mono">{SIGNED_CONTENT}</code>, keyed with the endpoint’s
          secret (the base64 part after <code className="font-mono">whsec_</code>). After a rotation with an overlap,
          the header holds two signatures separated by a space, one per secret: accept the request when one matches.
          Compare in constant time.
        </li>
      </ul>
      <h3 className="pt-2 text-base font-semibold text-gray-900">Retries and turning off</h3>
      <p>
        A delivery succeeds when your endpoint answers with a 2xx status within 15 seconds. The first attempt is made{' '}
        {RETRY_SCHEDULE[0]}; each next one {RETRY_AFTER.slice(0, -1).join(', ')} and {RETRY_AFTER.at(-1)} after the
        previous one failed ({RETRY_SCHEDULE.length} attempts in all). An endpoint that answers{' '}
        <span className="font-mono">410 Gone</span> is disabled at once; one whose deliveries have failed for 5 days is
        disabled too. Enabling it again, or replaying a delivery, is up to you.
      </p>
    </Card>
  );
}
