/**
 * Creating a tenant: the organizations row, its five system roles with their permissions (direct
 * and materialized effective ones), the owner's membership and the 'org.created' event — all in
 * one tenant transaction, so a tenant never exists half-made. Signup calls insertOrganization
 * inside its own transaction (the one that inserts the user); everything else calls
 * createOrganization.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { organizations, roleEffectivePermissions, rolePermissions, roles } from '../../db/schema';
import { SYSTEM_ROLE_KEYS, SYSTEM_ROLES } from '../authz/systemRoles';
import { AppError } from '../errors';
import { recordEvent } from '../realtime/outbox';
import { slugTaken } from '../tenancy/lookups';
import { withTenant, type Tx } from '../tenancy/withTenant';
import { insertMembership } from './members';
import { isReservedSlug, isValidSlug, SLUG_MIN, slugify, withSuffix } from './slug';

export type NewOrganization = { orgId: string; name: string; slug: string; ownerUserId: string };
export type CreatedOrganization = { id: string; slug: string; name: string };

/** Must run inside withTenant(input.orgId, …): the organizations policy only admits that id. */
export async function insertOrganization(tx: Tx, input: NewOrganization): Promise<CreatedOrganization> {
  const [org] = await tx
    .insert(organizations)
    .values({ id: input.orgId, name: input.name, slug: input.slug })
    .returning({ id: organizations.id, slug: organizations.slug, name: organizations.name });
  if (!org) throw new Error('organization insert returned no row');

  const created = await tx
    .insert(roles)
    .values(
      SYSTEM_ROLE_KEYS.map((key) => ({
        orgId: org.id,
        systemKey: key,
        name: SYSTEM_ROLES[key].name,
        description: SYSTEM_ROLES[key].description,
      })),
    )
    .returning({ id: roles.id, systemKey: roles.systemKey });
  const grants = created.flatMap((role) =>
    SYSTEM_ROLES[role.systemKey as keyof typeof SYSTEM_ROLES].permissions.map((permission) => ({
      orgId: org.id,
      roleId: role.id,
      permission,
    })),
  );
  await tx.insert(rolePermissions).values(grants);
  // System roles have no parents, so what they grant in effect is exactly their own grants.
  await tx.insert(roleEffectivePermissions).values(grants);

  await insertMembership(tx, { orgId: org.id, userId: input.ownerUserId, roleKey: 'owner' });
  await recordEvent(tx, {
    orgId: org.id,
    topic: 'activity',
    type: 'org.created',
    actorUserId: input.ownerUserId,
    data: { name: org.name, slug: org.slug },
  });
  return org;
}

function randomSuffix(): string {
  return randomBytes(3).toString('hex');
}

/**
 * A free slug derived from the name: "acme-corp", then "acme-corp-2" … "acme-corp-9", then a
 * random suffix. Names that slugify to nothing usable get "org-<random>".
 */
export async function uniqueSlugFor(name: string): Promise<string> {
  let base = slugify(name);
  if (base.length < SLUG_MIN || isReservedSlug(base)) base = withSuffix(base || 'org', randomSuffix());
  if (!(await slugTaken(base))) return base;
  for (let n = 2; n <= 9; n++) {
    const candidate = withSuffix(base, String(n));
    if (!(await slugTaken(candidate))) return candidate;
  }
  for (;;) {
    const candidate = withSuffix(base, randomSuffix());
    if (!(await slugTaken(candidate))) return candidate;
  }
}

const UNIQUE_VIOLATION = '23505';

function isSlugCollision(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const pg = e as Error & { code?: string; constraint?: string };
    if (pg.code === UNIQUE_VIOLATION && pg.constraint === 'organizations_slug_key') return true;
  }
  return false;
}

export type CreateOrganizationInput = { name: string; ownerUserId: string; slug?: string };

/**
 * Creates an organization owned by an existing user. A requested slug must be valid and free;
 * a derived one is retried once if another signup took it between the check and the insert.
 */
export async function createOrganization(input: CreateOrganizationInput): Promise<CreatedOrganization> {
  const name = input.name.trim();
  if (input.slug !== undefined) {
    const slug = input.slug.toLowerCase();
    if (!isValidSlug(slug)) throw new AppError('SLUG_INVALID');
    if (await slugTaken(slug)) throw new AppError('SLUG_TAKEN');
    return insertInNewTenant({ name, slug, ownerUserId: input.ownerUserId }).catch((error: unknown) => {
      if (isSlugCollision(error)) throw new AppError('SLUG_TAKEN');
      throw error;
    });
  }
  try {
    return await insertInNewTenant({ name, slug: await uniqueSlugFor(name), ownerUserId: input.ownerUserId });
  } catch (error) {
    if (!isSlugCollision(error)) throw error;
    return insertInNewTenant({ name, slug: await uniqueSlugFor(name), ownerUserId: input.ownerUserId });
  }
}

function insertInNewTenant(input: Omit<NewOrganization, 'orgId'>): Promise<CreatedOrganization> {
  const orgId = randomUUID();
  return withTenant(orgId, { type: 'user', userId: input.ownerUserId }, (tx) =>
    insertOrganization(tx, { orgId, ...input }),
  );
}
