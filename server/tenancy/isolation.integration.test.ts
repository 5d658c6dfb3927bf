/**
 * Tenant isolation, proven against the real database as the runtime role (`<prefix>_app`): what a
 * careless query inside one org can see and write, what the runtime role sees outside any
 * tenant, and that a pooled connection forgets its last tenant. Rows are inspected with the
 * superuser (test/db.ts) only to prove the data is really there.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { getAppPool } from '../database';
import {
  memberRoles,
  memberships,
  organizations,
  outbox,
  rolePermissions,
  roles,
  sessions,
  users,
} from '../../db/schema';
import { adminQuery, pgErrorFrom } from '../../test/db';
import { env } from '../env';
import type { Principal } from './principal';
import { withActor, withTenant } from './withTenant';

const NIL_UUID = '00000000-0000-0000-0000-000000000000';
/** SQLSTATE insufficient_privilege: what PostgreSQL raises when a row fails a policy's WITH CHECK. */
const RLS_VIOLATION = '42501';

type Tenant = {
  orgId: string;
  ownerId: string;
  memberId: string;
  roleId: string;
  spareRoleId: string;
  actor: Principal;
};

async function addUserToOrg(orgId: string, userId: string, label: string): Promise<string> {
  return withTenant(orgId, { type: 'user', userId }, async (tx) => {
    await tx.insert(users).values({ id: userId, email: `${label}-${userId.slice(0, 8)}@example.test`, name: label });
    const [membership] = await tx.insert(memberships).values({ orgId, userId }).returning({ id: memberships.id });
    return membership!.id;
  });
}

/** An org with an owner, a second member, roles, grants and outbox events; each user has a session. */
async function createTenant(label: string): Promise<Tenant> {
  const orgId = randomUUID();
  const ownerId = randomUUID();
  const memberId = randomUUID();
  const suffix = orgId.slice(0, 8);

  const { roleId, spareRoleId } = await withTenant(orgId, { type: 'user', userId: ownerId }, async (tx) => {
    await tx
      .insert(users)
      .values({ id: ownerId, email: `${label}-owner-${suffix}@example.test`, name: `${label} owner` });
    await tx.insert(organizations).values({ id: orgId, slug: `${label}-${suffix}`, name: `Org ${label}` });
    const [membership] = await tx
      .insert(memberships)
      .values({ orgId, userId: ownerId })
      .returning({ id: memberships.id });
    const [role] = await tx.insert(roles).values({ orgId, name: 'Auditor' }).returning({ id: roles.id });
    const [spare] = await tx.insert(roles).values({ orgId, name: 'Spare' }).returning({ id: roles.id });
    await tx.insert(rolePermissions).values({ orgId, roleId: role!.id, permission: 'audit:read' });
    await tx.insert(memberRoles).values({ orgId, membershipId: membership!.id, roleId: role!.id });
    await tx.insert(outbox).values([
      { orgId, topic: 'activity', type: 'org.created', actorUserId: ownerId },
      { orgId, topic: 'audit', type: 'member.added', actorUserId: ownerId },
    ]);
    return { roleId: role!.id, spareRoleId: spare!.id };
  });
  await addUserToOrg(orgId, memberId, `${label}-member`);

  for (const userId of [ownerId, memberId]) {
    await withActor(userId, (tx) =>
      tx.insert(sessions).values({
        id: randomBytes(32).toString('hex'),
        userId,
        expiresAt: new Date(Date.now() + 3_600_000),
      }),
    );
  }
  return { orgId, ownerId, memberId, roleId, spareRoleId, actor: { type: 'user', userId: ownerId } };
}

/** Every table in public with an org_id column, and whether the runtime role may SELECT from it. */
async function tenantTables(): Promise<{ name: string; canSelect: boolean }[]> {
  const rows = await adminQuery<{ name: string; can_select: boolean }>(
    `select c.relname as name, has_any_column_privilege('${env.dbRoles.app}', c.oid, 'SELECT') as can_select
       from pg_class c
       join pg_namespace n on n.oid = c.relnamespace
       join pg_attribute a on a.attrelid = c.oid and a.attname = 'org_id' and not a.attisdropped
      where c.relkind in ('r', 'p') and n.nspname = 'public'
      order by c.relname`,
  );
  return rows.map((r) => ({ name: r.name, canSelect: r.can_select }));
}

const CORE_TENANT_TABLES = ['memberships', 'roles', 'role_permissions', 'member_roles', 'outbox'];
/** Tables without org_id that still hold people or credentials. */
const GLOBAL_TABLES = ['organizations', 'users', 'sessions', 'password_reset_tokens'];

async function globalTables(): Promise<{ name: string; canSelect: boolean }[]> {
  const rows = await adminQuery<{ name: string; can_select: boolean }>(
    `select t as name, has_any_column_privilege('${env.dbRoles.app}', t, 'SELECT') as can_select
       from unnest($1::text[]) as t`,
    [GLOBAL_TABLES],
  );
  return rows.map((r) => ({ name: r.name, canSelect: r.can_select }));
}

describe('tenant isolation under RLS, as the runtime role', () => {
  let a: Tenant;
  let b: Tenant;

  beforeAll(async () => {
    a = await createTenant('alpha');
    b = await createTenant('beta');
  });

  it('the pool logs in as the runtime role, and both tenants really have rows in every core table', async () => {
    const { rows } = await getAppPool().query<{ user: string }>('select current_user as user');
    expect(rows[0]?.user).toBe(env.dbRoles.app);

    for (const table of CORE_TENANT_TABLES) {
      const counts = await adminQuery<{ org_id: string; n: number }>(
        `select org_id::text, count(*)::int as n from ${table} where org_id = any($1::uuid[]) group by org_id`,
        [[a.orgId, b.orgId]],
      );
      expect(counts.map((c) => c.org_id).sort(), table).toEqual([a.orgId, b.orgId].sort());
    }
    const sessionOwners = await adminQuery<{ user_id: string }>(
      'select user_id::text from sessions where user_id = any($1::uuid[])',
      [[a.ownerId, a.memberId, b.ownerId, b.memberId]],
    );
    expect(sessionOwners).toHaveLength(4);
  });

  it("a query without WHERE inside org A returns only A's rows", async () => {
    const seen = await withTenant(a.orgId, a.actor, async (tx) => {
      const members = await tx.select().from(memberships);
      const orgs = await tx.select({ id: organizations.id }).from(organizations);
      const people = await tx.select({ id: users.id }).from(users);
      const events = await tx.select({ orgId: outbox.orgId, type: outbox.type }).from(outbox);
      const perTable: Record<string, string[]> = {};
      for (const { name, canSelect } of await tenantTables()) {
        if (!canSelect) continue;
        const { rows } = await tx.$client.query<{ org_id: string }>(`select distinct org_id::text from ${name}`);
        perTable[name] = rows.map((r) => r.org_id);
      }
      return { members, orgs, people, events, perTable };
    });

    expect(seen.members.map((m) => m.userId).sort()).toEqual([a.ownerId, a.memberId].sort());
    expect(seen.members.every((m) => m.orgId === a.orgId)).toBe(true);
    expect(seen.orgs).toEqual([{ id: a.orgId }]);
    expect(seen.people.map((p) => p.id).sort()).toEqual([a.ownerId, a.memberId].sort());
    expect(seen.events.map((e) => e.type).sort()).toEqual(['member.added', 'org.created']);
    expect(seen.events.every((e) => e.orgId === a.orgId)).toBe(true);
    for (const table of CORE_TENANT_TABLES) expect(seen.perTable[table], table).toEqual([a.orgId]);
    for (const [table, orgIds] of Object.entries(seen.perTable)) {
      expect(
        orgIds.filter((id) => id !== a.orgId),
        table,
      ).toEqual([]);
    }
  });

  it('outside any tenant transaction the runtime role reads no tenant rows, no users and no sessions', async () => {
    const pool = getAppPool();
    const tables = [...(await tenantTables()), ...(await globalTables())];
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining([...CORE_TENANT_TABLES, ...GLOBAL_TABLES]));

    for (const { name, canSelect } of tables) {
      if (canSelect) {
        const { rows } = await pool.query<{ n: number }>(`select count(*)::int as n from ${name}`);
        expect(rows[0]?.n, name).toBe(0);
      } else {
        // Credentials the runtime role may not read at all (e.g. password reset tokens).
        await expect(pool.query(`select count(*) from ${name}`), name).rejects.toThrow(/permission denied/);
      }
    }
  });

  it('a pooled connection used for org A and then for org B shows only B, and keeps no tenant afterwards', async () => {
    const backendPid = async (actor: Principal, orgId: string) =>
      withTenant(orgId, actor, async (tx) => {
        const { rows } = await tx.$client.query<{ pid: number }>('select pg_backend_pid() as pid');
        return rows[0]!.pid;
      });

    const pidForA = await backendPid(a.actor, a.orgId);
    const inB = await withTenant(b.orgId, b.actor, async (tx) => {
      const { rows } = await tx.$client.query<{ pid: number; org: string }>(
        `select pg_backend_pid() as pid, current_setting('app.org_id', true) as org`,
      );
      const members = await tx.select({ orgId: memberships.orgId, userId: memberships.userId }).from(memberships);
      return { pid: rows[0]!.pid, org: rows[0]!.org, members };
    });

    expect(inB.pid).toBe(pidForA);
    expect(inB.org).toBe(b.orgId);
    expect(inB.members.map((m) => m.userId).sort()).toEqual([b.ownerId, b.memberId].sort());
    expect(inB.members.every((m) => m.orgId === b.orgId)).toBe(true);

    // A transaction that fails must not leave its tenant behind either.
    await expect(
      withTenant(a.orgId, a.actor, async (tx) => {
        await tx.$client.query('select 1');
        throw new Error('service failed');
      }),
    ).rejects.toThrow('service failed');

    const client = await getAppPool().connect();
    try {
      const { rows } = await client.query<{ pid: number; org: string; user: string; members: number }>(
        `select pg_backend_pid() as pid, current_setting('app.org_id', true) as org,
                current_setting('app.user_id', true) as user, (select count(*)::int from memberships) as members`,
      );
      expect(rows[0]).toEqual({ pid: pidForA, org: NIL_UUID, user: NIL_UUID, members: 0 });
    } finally {
      client.release();
    }
  });

  it("inserting a row that carries B's org_id inside A's transaction is refused", async () => {
    const forgedEvent = await pgErrorFrom(
      withTenant(a.orgId, a.actor, (tx) =>
        tx.insert(outbox).values({ orgId: b.orgId, topic: 'activity', type: 'forged.event' }),
      ),
    );
    expect(forgedEvent.code).toBe(RLS_VIOLATION);
    expect(forgedEvent.message).toMatch(/new row violates row-level security policy for table "outbox"/);

    const plantedRole = await pgErrorFrom(
      withTenant(a.orgId, a.actor, (tx) => tx.insert(roles).values({ orgId: b.orgId, name: 'Planted' })),
    );
    expect(plantedRole.code).toBe(RLS_VIOLATION);
    expect(plantedRole.message).toMatch(/new row violates row-level security policy for table "roles"/);

    const planted = await adminQuery(
      `select 1 from outbox where org_id = $1 and type = 'forged.event'
       union all select 1 from roles where org_id = $1 and name = 'Planted'`,
      [b.orgId],
    );
    expect(planted).toEqual([]);
  });

  it("moving A's row to B with an UPDATE is refused, and B's rows cannot be changed from A", async () => {
    const moved = await pgErrorFrom(
      withTenant(a.orgId, a.actor, (tx) =>
        tx.$client.query('update roles set org_id = $1 where id = $2', [b.orgId, a.spareRoleId]),
      ),
    );
    expect(moved.code).toBe(RLS_VIOLATION);
    expect(moved.message).toMatch(/new row violates row-level security policy for table "roles"/);

    const touched = await withTenant(a.orgId, a.actor, async (tx) => {
      const renamed = await tx.$client.query("update roles set name = 'Hijacked' where id = $1", [b.roleId]);
      const removed = await tx.$client.query('delete from memberships where org_id = $1', [b.orgId]);
      return { renamed: renamed.rowCount, removed: removed.rowCount };
    });
    expect(touched).toEqual({ renamed: 0, removed: 0 });

    const spare = await adminQuery<{ org_id: string }>('select org_id::text from roles where id = $1', [a.spareRoleId]);
    expect(spare).toEqual([{ org_id: a.orgId }]);
    const bRole = await adminQuery<{ name: string }>('select name from roles where id = $1', [b.roleId]);
    expect(bRole).toEqual([{ name: 'Auditor' }]);
    const bMembers = await adminQuery('select 1 from memberships where org_id = $1', [b.orgId]);
    expect(bMembers).toHaveLength(2);
  });

  it('withTenant refuses an org id or user id that is not a UUID before touching the database', async () => {
    const pool = getAppPool();
    const connect = vi.spyOn(pool, 'connect');
    const work = vi.fn(async () => 'ran');

    // Called the way services call it (awaited inside async code), whether it throws or rejects.
    const attempt = (call: () => Promise<unknown>) => Promise.resolve().then(call);

    await expect(attempt(() => withTenant("' or true --", a.actor, work))).rejects.toThrow(/orgId is not a UUID/);
    await expect(attempt(() => withTenant(`${a.orgId}'; reset app.org_id; --`, a.actor, work))).rejects.toThrow(
      /orgId is not a UUID/,
    );
    await expect(attempt(() => withTenant(a.orgId, { type: 'user', userId: 'admin' }, work))).rejects.toThrow(
      /userId is not a UUID/,
    );
    await expect(attempt(() => withActor('user-1', work))).rejects.toThrow(/userId is not a UUID/);

    expect(work).not.toHaveBeenCalled();
    expect(connect).not.toHaveBeenCalled();
  });
});
