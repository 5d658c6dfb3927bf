/** Where Stripe sends people back to: the org's billing page on this installation (env APP_URL). */
import { env } from '../env';

export function billingPageUrl(orgSlug: string, query: Record<string, string> = {}): string {
  const url = new URL(`/o/${encodeURIComponent(orgSlug)}/billing`, env.APP_URL);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return url.toString();
}
