/**
 * Turns an authenticated API key (server/apiKeys/authenticate.ts: every refusal has its own code)
 * into what the procedure chain needs to act for it (server/trpc/context.ts, ApiKeyCaller): its
 * org's slug and name, and its creator as the acting user — read in the key's own tenant
 * transaction, so RLS answers only from the key's org.
 */
import { and, eq } from 'drizzle-orm';
import { memberships, organizations, users } from '../../db/schema';
import type { ApiKeyAuthentication } from '../apiKeys/authenticate';
import { AppError } from '../errors';
import { withTenant } from '../tenancy/withTenant';
import type { ApiKeyCaller } from '../trpc/context';

/** The token of `Authorization: Bearer <token>`; null when the header is absent or another scheme. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

/** What the procedure chain needs to act for an authenticated key. */
export async function apiKeyCallerOf(authentication: ApiKeyAuthentication): Promise<ApiKeyCaller> {
  const { principal, creatorMembershipId } = authentication;
  const [row] = await withTenant(principal.orgId, principal, (tx) =>
    tx
      .select({
        orgSlug: organizations.slug,
        orgName: organizations.name,
        userId: users.id,
        email: users.email,
        name: users.name,
      })
      .from(memberships)
      .innerJoin(organizations, eq(organizations.id, memberships.orgId))
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.orgId, principal.orgId), eq(memberships.id, creatorMembershipId))),
  );
  // The creator's membership went between the two reads: the key went with it (a cascading foreign key).
  if (!row) throw new AppError('API_KEY_UNKNOWN');
  return {
    authentication,
    org: { id: principal.orgId, slug: row.orgSlug, name: row.orgName },
    actingUser: { id: row.userId, email: row.email, name: row.name, lastOrgSlug: null },
  };
}
