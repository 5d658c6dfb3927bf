/**
 * GET /api-keys/self — "who am I" for an integrator: the key, its org and the permissions it may
 * use right now (its scopes its creator still holds). Answered from the request's own
 * authentication, so it needs no permission and reads nothing more.
 */
import { z } from 'zod';
import type { ApiKeyCaller } from '../trpc/context';

export const ZApiKeySelf = z.object({
  id: z.string().uuid(),
  name: z.string(),
  org: z.object({ slug: z.string(), name: z.string() }),
  /** The key's scopes that its creator still holds: what this key may do now. */
  permissions: z.array(z.string()),
});
export type ApiKeySelf = z.infer<typeof ZApiKeySelf>;

export function apiKeySelf(key: ApiKeyCaller): ApiKeySelf {
  const { principal, permissions } = key.authentication;
  return {
    id: principal.keyId,
    name: principal.name,
    org: { slug: key.org.slug, name: key.org.name },
    permissions: [...permissions],
  };
}
