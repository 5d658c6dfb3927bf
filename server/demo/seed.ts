/**
 * The demo tenant "Acme Corp" with four people, one per system role, made through the same
 * services the app uses (createOrganization, addMember, updateProfile) so that it looks exactly
 * like a tenant created by hand — including its activity feed. Idempotent: when the slug
 * 'acme' exists it changes nothing and only prints the logins again.
 */
import { and, eq } from 'drizzle-orm';
import { createUser } from '../cli/createUser';
import { env } from '../env';
import { isAppError } from '../errors';
import { createOrganization } from '../orgs/createOrganization';
import { addMember, updateProfile } from '../orgs/service';
import { ZUpdateProfileInput } from '../orgs/validation';
import { slugTaken, userIdByEmail } from '../tenancy/lookups';
import { withTenant } from '../tenancy/withTenant';
import { DEMO_ORG, DEMO_PASSWORD, DEMO_PEOPLE, formatDemoLogins, type DemoPerson } from './demoTenant';
import { memberships } from '../../db/schema';
import { seedUsageHistory } from './usageHistory';

export type SeedResult = { seeded: boolean; orgSlug: string };

/** Reuses a demo user left by an earlier, interrupted run instead of failing on the email. */
async function demoUser(person: DemoPerson): Promise<string> {
  const existing = await userIdByEmail(person.email);
  if (existing) return existing;
  const user = await createUser({ email: person.email, name: person.name, password: DEMO_PASSWORD });
  return user.id;
}

async function createDemoTenant(): Promise<boolean> {
  const [ownerPerson, ...others] = DEMO_PEOPLE;
  const ownerId = await demoUser(ownerPerson);
  const otherIds: { person: DemoPerson; userId: string }[] = [];
  for (const person of others) otherIds.push({ person, userId: await demoUser(person) });

  let orgId: string;
  try {
    orgId = (await createOrganization({ name: DEMO_ORG.name, ownerUserId: ownerId, slug: DEMO_ORG.slug })).id;
  } catch (error) {
    // Another process (a second `npm start`) seeded it between our check and the insert.
    if (isAppError(error) && error.appCode === 'SLUG_TAKEN') return false;
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
  // A year of usage for the usage page (idempotent by its events' keys).
  await seedUsageHistory(orgId);
  return true;
}

export async function seedDemo(options: { print?: boolean } = {}): Promise<SeedResult> {
  const seeded = (await slugTaken(DEMO_ORG.slug)) ? false : await createDemoTenant();
  if (options.print ?? true) {
    const status = seeded ? 'Seeded the demo tenant.' : 'The demo tenant is already seeded.';
    console.log(`${status}\n${formatDemoLogins(env.APP_URL)}\n`);
  }
  return { seeded, orgSlug: DEMO_ORG.slug };
}
