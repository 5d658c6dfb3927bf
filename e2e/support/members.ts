/**
 * Putting a fresh person into the demo organization for a members journey. Invitations are not
 * what these journeys are about, so the membership is written straight into the e2e database
 * (as the seed would), after the person signed up through the app in their own browser context.
 * Signing up gave them an organization of their own; `onlyInDemo` deactivates that membership so
 * that deactivating them in the demo org signs them out everywhere.
 */
import type { BrowserContext } from '@playwright/test';
import pg from 'pg';
import { E2E_DATABASE_URL } from './env';
import { DEMO_ORG, newPerson, signUpByApi, type NewPerson } from './people';

export type DemoMember = NewPerson & { membershipId: string; ownSlug: string };

async function withDatabase<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: E2E_DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Signs a new person up in `context` and makes them a member of Acme with one system role. */
export async function joinDemoOrg(
  context: BrowserContext,
  label: string,
  role: 'member' | 'viewer' | 'admin',
  { onlyInDemo = false, name }: { onlyInDemo?: boolean; name?: string } = {},
): Promise<DemoMember> {
  const person = { ...newPerson(label), ...(name ? { name } : {}) };
  const ownSlug = await signUpByApi(context, person);
  const membershipId = await withDatabase(async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `with m as (
         insert into memberships (org_id, user_id)
         select o.id, u.id from organizations o, users u where o.slug = $1 and lower(u.email) = lower($2)
         returning org_id, id)
       insert into member_roles (org_id, membership_id, role_id)
       select m.org_id, m.id, r.id from m join roles r on r.org_id = m.org_id and r.system_key = $3
       returning membership_id::text as id`,
      [DEMO_ORG.slug, person.email, role],
    );
    if (!rows[0]) throw new Error(`could not add ${person.email} to ${DEMO_ORG.slug}`);
    if (onlyInDemo) {
      await client.query(
        `update memberships set status = 'deactivated', deactivated_at = now()
          where org_id = (select id from organizations where slug = $1)
            and user_id = (select id from users where lower(email) = lower($2))`,
        [ownSlug, person.email],
      );
    }
    return rows[0].id;
  });
  return { ...person, membershipId, ownSlug };
}
