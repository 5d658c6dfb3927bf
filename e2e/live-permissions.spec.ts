/**
 * A member of the demo organization has its dashboard open, without Settings in the navigation.
 * The Owner gives them the Admin role; within two seconds the member's navigation shows Settings,
 * without a reload (access.changes over the WebSocket re-runs the loaders). The demo org is shared
 * by every spec, so the member's roles are put back at the end.
 */
import { expect, test, type APIRequestContext } from './support/test';
import pg from 'pg';
import { E2E_DATABASE_URL } from './support/env';
import { openPage } from './support/hydration';
import { DEMO, DEMO_ORG, logInByApi } from './support/people';

type RoleRef = { id: string; name: string };

async function trpcCall<T>(request: APIRequestContext, kind: 'query' | 'mutation', path: string, input: unknown) {
  const response =
    kind === 'query'
      ? await request.get(`/trpc/${path}`, { params: { input: JSON.stringify({ json: input }) } })
      : await request.post(`/trpc/${path}`, { data: { json: input } });
  expect(response.ok(), `${path} answered ${response.status()}: ${await response.text()}`).toBe(true);
  return ((await response.json()) as { result: { data: { json: T } } }).result.data.json;
}

/** No procedure lists members yet; the spec reads the demo member's id from the e2e database. */
async function membershipIdOf(email: string, orgSlug: string): Promise<string> {
  const client = new pg.Client({ connectionString: E2E_DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(
      `select m.id::text as id from memberships m
         join users u on u.id = m.user_id
         join organizations o on o.id = m.org_id
        where lower(u.email) = lower($1) and lower(o.slug) = lower($2)`,
      [email, orgSlug],
    );
    if (!rows[0]) throw new Error(`${email} is not a member of ${orgSlug}`);
    return rows[0].id;
  } finally {
    await client.end();
  }
}

test('a member’s navigation gains Settings within 2 s of being made Admin, without reloading', async ({ browser }) => {
  const ownerContext = await browser.newContext();
  const memberContext = await browser.newContext();
  const orgSlug = DEMO_ORG.slug;
  const membershipId = await membershipIdOf(DEMO.member, orgSlug);
  await logInByApi(ownerContext, DEMO.owner);
  await logInByApi(memberContext, DEMO.member);
  const owner = ownerContext.request;
  const before = await trpcCall<{ roles: RoleRef[] }>(owner, 'query', 'roles.memberRoles', { orgSlug, membershipId });
  try {
    const page = await memberContext.newPage();
    await openPage(page, `/o/${orgSlug}`);
    const nav = page.getByRole('navigation', { name: 'Organization' });
    await expect(nav.getByRole('link', { name: 'Dashboard' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Settings' })).toHaveCount(0);
    // Survives only if the page is never reloaded.
    await page.evaluate(() => ((window as unknown as { e2eMarker: string }).e2eMarker = 'still here'));

    const roles = await trpcCall<(RoleRef & { systemKey: string | null })[]>(owner, 'query', 'roles.list', {
      orgSlug,
    });
    const admin = roles.find((role) => role.systemKey === 'admin');
    expect(admin).toBeDefined();
    await trpcCall(owner, 'mutation', 'roles.setMemberRoles', { orgSlug, membershipId, roleIds: [admin!.id] });

    await expect(nav.getByRole('link', { name: 'Settings' })).toBeVisible({ timeout: 2_000 });
    expect(await page.evaluate(() => (window as unknown as { e2eMarker?: string }).e2eMarker)).toBe('still here');
  } finally {
    await trpcCall(owner, 'mutation', 'roles.setMemberRoles', {
      orgSlug,
      membershipId,
      roleIds: before.roles.map((role) => role.id),
    });
    await ownerContext.close();
    await memberContext.close();
  }
});
