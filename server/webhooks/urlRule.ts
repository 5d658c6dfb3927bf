/**
 * Which URLs a webhook endpoint may be saved with: the one outbound rule the audit push uses
 * (server/audit/push/urlPolicy.ts on server/net/outboundGuard.ts: https unless
 * OUTBOUND_ALLOW_PRIVATE_URLS, no credentials, no internal names or addresses, no #fragment), and
 * then the host's current DNS answers, so a public-looking name that points inside the network is
 * refused when it is saved rather than failing at every send. A name that does not resolve (yet)
 * is accepted: the send-time guard resolves and checks again on every request.
 */
import { isIP } from 'node:net';
import { checkPushUrl } from '../audit/push/urlPolicy';
import { env } from '../env';
import { AppError } from '../errors';
import { isAllowedAddress, NOT_PUBLIC, systemResolver, type OutboundPolicy, type Resolver } from '../net/outboundGuard';

/** A save does not wait longer than this for DNS; the send-time check still applies. */
const RESOLVE_TIMEOUT_MS = 2_000;

export function webhookUrlPolicy(): OutboundPolicy {
  return { allowPrivate: env.outboundAllowPrivate };
}

async function resolvedAddresses(hostname: string, resolve: Resolver): Promise<string[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<[]>((done) => {
    timer = setTimeout(() => done([]), RESOLVE_TIMEOUT_MS);
  });
  try {
    const answers = await Promise.race([resolve(hostname).catch(() => []), timeout]);
    return answers.map((answer) => answer.address);
  } finally {
    clearTimeout(timer);
  }
}

/** Why this URL may not be an endpoint's, or null when it may. */
export async function checkEndpointUrl(
  raw: string,
  policy: OutboundPolicy = webhookUrlPolicy(),
  resolve: Resolver = systemResolver,
): Promise<string | null> {
  const refusal = checkPushUrl(raw, policy);
  if (refusal) return refusal;
  const hostname = new URL(raw).hostname.replace(/^\[|\]$/g, '').replace(/\.+$/, '');
  if (isIP(hostname)) return null;
  const addresses = await resolvedAddresses(hostname, resolve);
  return addresses.some((address) => !isAllowedAddress(address, policy)) ? NOT_PUBLIC : null;
}

/** Throws WEBHOOK_URL_REFUSED, a field error on `url` that says why. */
export async function assertEndpointUrl(raw: string, resolve?: Resolver): Promise<void> {
  const reason = await checkEndpointUrl(raw, webhookUrlPolicy(), resolve);
  if (reason) throw new AppError('WEBHOOK_URL_REFUSED', reason, { field: 'url', reason });
}
