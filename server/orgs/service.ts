/**
 * The organization's own record: its profile (name, billing address, tax ID, the email domains
 * invitations are limited to) under optimistic concurrency, the member's role names, and
 * remembering the last org a user visited. Every function takes the tenant transaction it runs in.
 */
import { and, eq, sql } from 'drizzle-orm';
import { memberRoles, organizations, roles, users, type BillingAddress } from '../../db/schema';
import { AppError } from '../errors';
import { recordEvent } from '../realtime/outbox';
import type { Tx } from '../tenancy/withTenant';
import type { UpdateProfileInput } from './validation';

export { addMember } from './members';

export type OrgProfile = {
  name: string;
  billingAddress: BillingAddress | null;
  taxId: string | null;
  allowedEmailDomains: string[];
  version: number;
};

export const PROFILE_CONFLICT_MESSAGE = 'Someone else changed this profile; reload to see their changes';

export async function getProfile(tx: Tx, orgId: string): Promise<OrgProfile> {
  const [row] = await tx
    .select({
      name: organizations.name,
      billingAddress: organizations.billingAddress,
      taxId: organizations.taxId,
      allowedEmailDomains: organizations.allowedEmailDomains,
      version: organizations.version,
    })
    .from(organizations)
    .where(eq(organizations.id, orgId));
  if (!row) throw new AppError('ORG_NOT_FOUND');
  return row;
}

/** The name and slug emails about an org carry (the tenant transaction's own org). */
export async function orgNameAndSlug(tx: Tx, orgId: string): Promise<{ name: string; slug: string }> {
  const [org] = await tx
    .select({ name: organizations.name, slug: organizations.slug })
    .from(organizations)
    .where(eq(organizations.id, orgId));
  if (!org) throw new Error('organization not visible in its own tenant transaction');
  return org;
}

/** Fields in a stable order, so two equal addresses compare equal whatever order keys came in. */
function canonicalAddress(address: BillingAddress | null): string {
  if (!address) return 'null';
  const { line1, line2, city, postalCode, region, country } = address;
  return JSON.stringify([line1, line2 ?? null, city, postalCode, region ?? null, country]);
}

export type ProfileField = 'name' | 'billingAddress' | 'taxId' | 'allowedEmailDomains';

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((value, i) => value === b[i]);

function changedFields(before: OrgProfile, after: UpdateProfileInput): ProfileField[] {
  const changed: ProfileField[] = [];
  if (before.name !== after.name) changed.push('name');
  if (canonicalAddress(before.billingAddress) !== canonicalAddress(after.billingAddress))
    changed.push('billingAddress');
  if (before.taxId !== after.taxId) changed.push('taxId');
  if (after.allowedEmailDomains && !sameList(before.allowedEmailDomains, after.allowedEmailDomains)) {
    changed.push('allowedEmailDomains');
  }
  return changed;
}

function toStoredAddress(address: UpdateProfileInput['billingAddress']): BillingAddress | null {
  if (!address) return null;
  const { line2, region, ...required } = address;
  return { ...required, ...(line2 ? { line2 } : {}), ...(region ? { region } : {}) };
}

/**
 * Saves the profile only if nobody saved since the caller loaded `version`: the update is
 * conditional on the version, so two admins editing at once cannot overwrite each other.
 */
export async function updateProfile(
  tx: Tx,
  orgId: string,
  actorUserId: string,
  input: UpdateProfileInput,
): Promise<{ profile: OrgProfile; changed: ProfileField[] }> {
  const current = await getProfile(tx, orgId);
  if (current.version !== input.version) throw new AppError('STALE_VERSION', PROFILE_CONFLICT_MESSAGE);
  const changed = changedFields(current, input);
  if (changed.length === 0) return { profile: current, changed };

  const [saved] = await tx
    .update(organizations)
    .set({
      name: input.name,
      billingAddress: toStoredAddress(input.billingAddress),
      taxId: input.taxId,
      ...(input.allowedEmailDomains ? { allowedEmailDomains: input.allowedEmailDomains } : {}),
      version: input.version + 1,
      updatedAt: new Date(),
    })
    .where(and(eq(organizations.id, orgId), eq(organizations.version, input.version)))
    .returning({
      name: organizations.name,
      billingAddress: organizations.billingAddress,
      taxId: organizations.taxId,
      allowedEmailDomains: organizations.allowedEmailDomains,
      version: organizations.version,
    });
  if (!saved) throw new AppError('STALE_VERSION', PROFILE_CONFLICT_MESSAGE);

  await recordEvent(tx, {
    orgId,
    topic: 'activity',
    type: 'org.updated',
    actorUserId,
    data: { fields: changed, ...(changed.includes('name') ? { name: saved.name } : {}) },
  });
  return { profile: saved, changed };
}

/** Names of the roles the member holds, for the dashboard's welcome card. */
export async function memberRoleNames(tx: Tx, orgId: string, membershipId: string): Promise<string[]> {
  const rows = await tx
    .select({ name: roles.name })
    .from(memberRoles)
    .innerJoin(roles, and(eq(roles.orgId, memberRoles.orgId), eq(roles.id, memberRoles.roleId)))
    .where(and(eq(memberRoles.orgId, orgId), eq(memberRoles.membershipId, membershipId)))
    .orderBy(roles.name);
  return rows.map((r) => r.name);
}

/**
 * Remembers the org the user opened last, so `/` can take them back there. Not an activity
 * event: it changes nothing anyone else sees. Writes only when the slug actually changes.
 */
export async function rememberLastOrg(tx: Tx, userId: string, slug: string): Promise<void> {
  await tx
    .update(users)
    .set({ lastOrgSlug: slug })
    .where(and(eq(users.id, userId), sql`${users.lastOrgSlug} is distinct from ${slug}`));
}
