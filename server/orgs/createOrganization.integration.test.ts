/**
 * Creating a tenant makes everything its owner needs in one transaction: the org, the five
 * system roles with their permissions, the owner's membership and the 'org.created' event.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { users } from '../../db/schema';
import { ALL_PERMISSIONS } from '../shared/permissions';
import { resolveMemberAsUser } from '../auth/testing/signedIn';
import { withActor } from '../tenancy/withTenant';
import { adminQuery } from '../../test/db';
import { createOrganization, uniqueSlugFor } from './createOrganization';

async function newUser(label: string): Promise<string> {
  const id = randomUUID();
  await withActor(id, (tx) =>
    tx.insert(users).values({ id, email: `${label}-${id.slice(0, 8)}@example.test`, name: label }),
  );
  return id;
}

describe('createOrganization', () => {
  it('creates the org with system roles, an active Owner membership and an org.created event', async () => {
    const ownerId = await newUser('Olga Owner');
    const org = await createOrganization({ name: 'Globex Widgets', ownerUserId: ownerId });
    expect(org.name).toBe('Globex Widgets');
    expect(org.slug).toMatch(/^globex-widgets(-\w+)?$/);

    const roleRows = await adminQuery<{ system_key: string; name: string; n: number }>(
      `select r.system_key, r.name, count(rp.permission)::int as n
         from roles r left join role_permissions rp on rp.org_id = r.org_id and rp.role_id = r.id
        where r.org_id = $1 group by r.system_key, r.name order by r.system_key`,
      [org.id],
    );
    expect(roleRows.map((r) => r.name)).toEqual(['Admin', 'Billing', 'Member', 'Owner', 'Viewer']);
    expect(roleRows.find((r) => r.system_key === 'owner')?.n).toBe(ALL_PERMISSIONS.length);

    const owner = await resolveMemberAsUser(ownerId, org.slug);
    expect(owner?.status).toBe('active');
    expect([...(owner?.permissions ?? [])].sort()).toEqual([...ALL_PERMISSIONS].sort());

    const events = await adminQuery<{ type: string; topic: string; actor_user_id: string }>(
      'select type, topic, actor_user_id::text from outbox where org_id = $1',
      [org.id],
    );
    expect(events).toEqual([{ type: 'org.created', topic: 'activity', actor_user_id: ownerId }]);
  });

  it('gives Viewer org:read but not org:update', async () => {
    const ownerId = await newUser('Vera Owner');
    const org = await createOrganization({ name: 'Viewer Check', ownerUserId: ownerId });
    const perms = await adminQuery<{ permission: string }>(
      `select rp.permission from role_permissions rp join roles r on r.org_id = rp.org_id and r.id = rp.role_id
        where r.org_id = $1 and r.system_key = 'viewer'`,
      [org.id],
    );
    const viewer = perms.map((p) => p.permission);
    expect(viewer).toContain('org:read');
    expect(viewer).not.toContain('org:update');
  });

  it('picks the next free slug when the name is taken, and refuses a taken or reserved explicit slug', async () => {
    const ownerId = await newUser('Sam Slug');
    const name = `Initech ${randomUUID().slice(0, 6)}`;
    const first = await createOrganization({ name, ownerUserId: ownerId });
    const second = await createOrganization({ name, ownerUserId: ownerId });
    expect(second.slug).toBe(`${first.slug}-2`);
    expect(await uniqueSlugFor(name)).toBe(`${first.slug}-3`);

    await expect(createOrganization({ name: 'X', ownerUserId: ownerId, slug: first.slug })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(createOrganization({ name: 'X', ownerUserId: ownerId, slug: 'admin' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('derives a usable slug from names that are reserved or have no usable characters', async () => {
    expect(await uniqueSlugFor('Settings')).toMatch(/^settings-[0-9a-f]{6}$/);
    expect(await uniqueSlugFor('!!!')).toMatch(/^org-[0-9a-f]{6}$/);
  });
});
