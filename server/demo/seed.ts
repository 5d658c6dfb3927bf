/**
 * The demo tenant "Acme Corp" with five people, one per system role, made through the same
 * services the app uses (createOrganization, addMember, updateProfile) so that it looks exactly
 * like a tenant created by hand — including its activity feed — and twelve months of billing
 * history passed through the Stripe webhook endpoint's code (./billingHistory.ts). Idempotent:
 * when the slug 'acme' exists the tenant is left as it is, the billing history's events are
 * recognised by id, and the logins are printed again.
 */
import { and, eq } from 'drizzle-orm';
import { createUser } from '../cli/createUser';
import { env } from '../env';
import { isAppError } from '../errors';
import { createOrganization } from '../orgs/createOrganization';
import { addMember, updateProfile } from '../orgs/service';
import { ZUpdateProfileInput } from '../orgs/validation';
import { slugTaken, userIdByEmail } from '../tenancy/lookups';
import { withActor, withTenant } from '../tenancy/withTenant';
import { seedBillingHistory } from './billingHistory';
import {
  DEMO_BILLING_EMAIL,
  DEMO_ORG,
  DEMO_PASSWORD,
  DEMO_PEOPLE,
  formatDemoLogins,
  type DemoPerson,
} from './demoTenant';
import { memberships, organizations } from '../../db/schema';
import { seedUsageHistory } from './usageHistory';

export type SeedResult = { seeded: boolean; orgSlug: string };

/** Reuses a demo user left by an earlier, interrupted run instead of failing on the email. */
async function demoUser(person: DemoPerson): Promise<string> {
  const existing = await userIdByEmail(person.email);
  if (existing) return existing;
  const user = await createUser({ email: person.email, name: person.name, password: DEMO_PASSWORD });
  return user.id;
}

/** The new org's id, or null when another process created it first. */
async function createDemoTenant(): Promise<string | null> {
  const [ownerPerson, ...others] = DEMO_PEOPLE;
  const ownerId = await demoUser(ownerPerson);
  const otherIds: { person: DemoPerson; userId: string }[] = [];
  for (const person of others) otherIds.push({ person, userId: await demoUser(person) });

  let orgId: string;
  try {
    orgId = (await createOrganization({ name: DEMO_ORG.name, ownerUserId: ownerId, slug: DEMO_ORG.slug })).id;
  } catch (error) {
    // Another process (a second `npm start`) seeded it between our check and the insert.
    if (isAppError(error) && error.appCode === 'SLUG_TAKEN') return null;
    throw error;
  }

  await withTenant(orgId, { type: 'user', userId: ownerId }, async (tx) => {
    await tx
      .update(memberships)
      .set({ attributes: ownerPerson.attributes })
      .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, ownerId)));
    for (const { person, userId } of otherIds) {
      await addMember(tx, { orgId, userId, roleKey: person.role, attributes: person.attributes });
    }
  });

  // The admin fills in the billing details, so the feed shows a profile change by a person.
  const admin = otherIds.find((o) => o.person.role === 'admin');
  const editorId = admin?.userId ?? ownerId;
  await withTenant(orgId, { type: 'user', userId: editorId }, (tx) =>
    updateProfile(
      tx,
      orgId,
      editorId,
      ZUpdateProfileInput.parse({
        version: 1,
        name: DEMO_ORG.name,
        billingAddress: DEMO_ORG.billingAddress,
        taxId: DEMO_ORG.taxId,
      }),
    ),
  );
  return orgId;
}

/** The existing demo org, as its owner sees it (RLS shows an actor the orgs they belong to). */
async function existingDemoOrgId(): Promise<string | null> {
  const ownerId = await userIdByEmail(DEMO_PEOPLE[0].email);
  if (!ownerId) return null;
  const [org] = await withActor(ownerId, (tx) =>
    tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, DEMO_ORG.slug)),
  );
  return org?.id ?? null;
}

export async function seedDemo(options: { print?: boolean } = {}): Promise<SeedResult> {
  const createdOrgId = (await slugTaken(DEMO_ORG.slug)) ? null : await createDemoTenant();
  const seeded = createdOrgId !== null;
  const orgId = createdOrgId ?? (await existingDemoOrgId());
  if (orgId) await seedBillingHistory(orgId, DEMO_BILLING_EMAIL);
  // A year of usage for the usage page, when the tenant is new (idempotent by its events' keys).
  if (createdOrgId) await seedUsageHistory(createdOrgId);
  if (options.print ?? true) {
    const status = seeded ? 'Seeded the demo tenant.' : 'The demo tenant is already seeded.';
    console.log(`${status}\n${formatDemoLogins(env.APP_URL)}\n`);
  }
  return { seeded, orgSlug: DEMO_ORG.slug };
}
