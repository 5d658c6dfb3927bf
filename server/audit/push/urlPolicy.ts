/**
 * Which URLs audit events may be pushed to: what the shared SSRF guard allows
 * (server/net/outboundGuard.ts), at most MAX_PUSH_URL characters and without a #fragment.
 * `allowPrivate` comes from AUDIT_PUSH_ALLOW_INSECURE_URLS (endpointState.ts).
 */
import { checkOutboundUrl, type OutboundPolicy } from '../../net/outboundGuard';

export const MAX_PUSH_URL = 2_048;

export type UrlPolicy = OutboundPolicy;

/** Why a push URL is refused when saved or sent, or null when it may be used. */
export function checkPushUrl(raw: string, policy: UrlPolicy): string | null {
  if (raw.length > MAX_PUSH_URL) return `Use at most ${MAX_PUSH_URL} characters`;
  const refusal = checkOutboundUrl(raw, policy);
  if (refusal) return refusal;
  if (new URL(raw).hash) return 'Remove the #fragment from the URL';
  return null;
}
