/**
 * Credentials stay out of reach of the runtime role: no password hashes through the users
 * table (even for people sharing an org), and a used reset link cancels the user's other links.
 * The SECURITY DEFINER functions (docs/decisions/003) answer only the caller that needs them:
 * pre-tenant lookups only outside tenant and user transactions and only for a live session's
 * secret, the cross-tenant lists only to their system task, the audit helpers only about the
 * current org. Each is called here as the runtime role, with and without that context.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { closeAppPool, getAppPool } from '../database';
import { passwordResetTokens, users } from '../../db/schema';
import { adminQuery, closeAdminPool, pgErrorFrom } from '../../test/db';
import { createTestOrg, type TestOrg } from '../activity/testFixtures';
import { appendAuditEvent } from '../audit/append';
import { createSession } from '../auth/session';
import { hashToken } from '../auth/sessionToken';
import { env } from '../env';
import { consumePasswordResetToken } from './lookups';
import { withActor, withSystemTask, withTenant, type Tx } from './withTenant';

const SYSTEM = { type: 'system', name: 'test' } as const;

async function createUser(passwordHash: string | null = 'argon2-hash'): Promise<string> {
  const id = randomUUID();
  await withActor(id, (tx) =>
    tx.insert(users).values({ id, email: `cred-${id}@example.test`, name: 'Cred Test', passwordHash }),
  );
  return id;
}

const emailOf = (userId: string) => `CRED-${userId}@Example.test`;

async function liveSession(userId: string): Promise<string> {
  return (await createSession(userId, { ip: null, userAgent: 'vitest' })).sessionId;
}

async function expiredSession(userId: string): Promise<string> {
  const sessionId = await liveSession(userId);
  await adminQuery(`update sessions set expires_at = now() - interval '1 second' where id = $1`, [sessionId]);
  return sessionId;
}

/** An org with its owner, who holds a live session. */
async function orgWithOwnerSession(label: string): Promise<TestOrg & { sessionId: string }> {
  const org = await createTestOrg(label);
  return { ...org, sessionId: await liveSession(org.owner.userId) };
}

/** Runs one statement as the runtime role outside any transaction (the pre-tenant lookups' context). */
async function bare<Row extends Record<string, unknown>>(text: string, params: unknown[] = []): Promise<Row[]> {
  return (await getAppPool().query<Row>(text, params)).rows;
}

/** Runs one statement as the runtime role inside a transaction opened by `open`. */
function inside(open: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>) {
  return async <Row extends Record<string, unknown>>(text: string, params: unknown[] = []): Promise<Row[]> =>
    open(async (tx) => (await tx.$client.query<Row>(text, params)).rows);
}

async function issueResetToken(userId: string): Promise<string> {
  const token = randomUUID();
  await withActor(userId, (tx) =>
    tx
      .insert(passwordResetTokens)
      .values({ id: hashToken(token), userId, expiresAt: new Date(Date.now() + 3_600_000) }),
  );
  return token;
}

afterAll(async () => {
  await closeAppPool();
  await closeAdminPool();
});

describe('credentials', () => {
  it('the runtime role cannot read password hashes, even its own', async () => {
    const id = await createUser();
    const error = await pgErrorFrom(withActor(id, (tx) => tx.select({ hash: users.passwordHash }).from(users)));
    expect(error.code).toBe('42501');
    const visible = await withActor(id, (tx) => tx.select({ id: users.id, email: users.email }).from(users));
    expect(visible).toEqual([{ id, email: `cred-${id}@example.test` }]);
  });

  it('the runtime role reads no reset tokens outside its own user', async () => {
    const id = await createUser();
    await issueResetToken(id);
    const { rows } = await getAppPool().query('select id from password_reset_tokens');
    expect(rows).toHaveLength(0);
  });

  it('using one reset link cancels the other outstanding links of that user', async () => {
    const id = await createUser();
    const first = await issueResetToken(id);
    const second = await issueResetToken(id);
    expect(await consumePasswordResetToken(hashToken(first))).toBe(id);
    expect(await consumePasswordResetToken(hashToken(first))).toBeNull();
    expect(await consumePasswordResetToken(hashToken(second))).toBeNull();
    const rows = await adminQuery<{ used_at: Date | null }>(
      'select used_at from password_reset_tokens where user_id = $1',
      [id],
    );
    expect(rows.every((r) => r.used_at !== null)).toBe(true);
  });
});

describe('password hashes reach the runtime role only on the sign-in and password-change paths', () => {
  it('app_login_lookup answers before a tenant or user is known, for accounts with a password', async () => {
    const id = await createUser();
    expect(await bare('select * from app_login_lookup($1)', [emailOf(id)])).toEqual([
      { user_id: id, password_hash: 'argon2-hash' },
    ]);
    const org = await createTestOrg('cred-login');
    expect(await inside((fn) => withActor(id, fn))('select * from app_login_lookup($1)', [emailOf(id)])).toEqual([]);
    expect(
      await inside((fn) => withTenant(org.orgId, SYSTEM, fn))('select * from app_login_lookup($1)', [emailOf(id)]),
    ).toEqual([]);
    const withoutPassword = await createUser(null);
    expect(await bare('select * from app_login_lookup($1)', [emailOf(withoutPassword)])).toEqual([]);
  });

  it('app_user_id_by_email tells who owns an email without any hash, and only before a tenant is known', async () => {
    const id = await createUser();
    expect(await bare('select * from app_user_id_by_email($1) as user_id', [emailOf(id)])).toEqual([{ user_id: id }]);
    expect(
      await inside((fn) => withActor(id, fn))('select app_user_id_by_email($1) as user_id', [emailOf(id)]),
    ).toEqual([{ user_id: null }]);
  });

  it("app_session_password_hash gives a live session's own hash and nothing for an ended one", async () => {
    const id = await createUser();
    const sessionId = await liveSession(id);
    expect(await bare('select * from app_session_password_hash($1)', [sessionId])).toEqual([
      { user_id: id, password_hash: 'argon2-hash' },
    ]);
    expect(await bare('select * from app_session_password_hash($1)', [await expiredSession(id)])).toEqual([]);
    expect(await bare('select * from app_session_password_hash($1)', [id])).toEqual([]);
    expect(await inside((fn) => withActor(id, fn))('select * from app_session_password_hash($1)', [sessionId])).toEqual(
      [],
    );
  });
});

describe('sessions and memberships resolve only from a live session', () => {
  it('app_session_lookup answers for a live session, outside tenant and user transactions', async () => {
    const id = await createUser();
    const sessionId = await liveSession(id);
    expect(await bare('select session_id, user_id from app_session_lookup($1)', [sessionId])).toEqual([
      { session_id: sessionId, user_id: id },
    ]);
    expect(await bare('select * from app_session_lookup($1)', [await expiredSession(id)])).toEqual([]);
    expect(await inside((fn) => withActor(id, fn))('select * from app_session_lookup($1)', [sessionId])).toEqual([]);
  });

  it('app_resolve_member takes a live session, not a user id', async () => {
    const org = await orgWithOwnerSession('cred-resolve');
    const resolve = 'select org_id, membership_id is not null as is_member from app_resolve_member($1, $2)';
    expect(await bare(resolve, [org.sessionId, org.slug])).toEqual([{ org_id: org.orgId, is_member: true }]);
    expect(await bare(resolve, [org.owner.userId, org.slug])).toEqual([]);
    expect(await bare(resolve, [await expiredSession(org.owner.userId), org.slug])).toEqual([]);
    expect(await inside((fn) => withTenant(org.orgId, SYSTEM, fn))(resolve, [org.sessionId, org.slug])).toEqual([]);
    // Signing out ends what the session could resolve.
    await adminQuery('delete from sessions where id = $1', [org.sessionId]);
    expect(await bare(resolve, [org.sessionId, org.slug])).toEqual([]);
  });

  it('app_user_orgs takes a live session, not a user id', async () => {
    const org = await orgWithOwnerSession('cred-orgs');
    const list = 'select org_id from app_user_orgs($1)';
    expect(await bare(list, [org.sessionId])).toEqual([{ org_id: org.orgId }]);
    expect(await bare(list, [org.owner.userId])).toEqual([]);
    expect(await bare(list, [await expiredSession(org.owner.userId)])).toEqual([]);
    expect(await inside((fn) => withActor(org.owner.userId, fn))(list, [org.sessionId])).toEqual([]);
  });
});

describe('the lists of tenants answer only their system task', () => {
  const cases = [
    { fn: 'app_all_org_ids()', task: 'cron-fan-out', other: 'outbox-relay' },
    { fn: 'app_outbox_pending_orgs(1000000)', task: 'outbox-relay', other: 'cron-fan-out' },
  ] as const;

  it.each(cases)('$fn refuses every other caller', async ({ fn, task, other }) => {
    const org = await createTestOrg('cred-task');
    const query = `select org_id from ${fn}`;
    const refusals = [
      () => bare(query),
      () => inside((f) => withTenant(org.orgId, SYSTEM, f))(query),
      () => inside((f) => withActor(org.owner.userId, f))(query),
      () => inside((f) => withSystemTask(other, f))(query),
      // Naming the task inside a tenant transaction is not being the task.
      () =>
        withTenant(org.orgId, SYSTEM, async (tx) => {
          await tx.$client.query(`select set_config('app.system_task', $1, true)`, [task]);
          return tx.$client.query(query);
        }),
    ];
    for (const refusal of refusals) expect((await pgErrorFrom(refusal)).code).toBe('42501');
  });

  it.each(cases)('$fn answers its own task', async ({ fn, task }) => {
    // createTestOrg leaves an unpublished outbox event, so the org is pending as well as existing.
    const org = await createTestOrg('cred-task-own');
    const rows = await inside((f) => withSystemTask(task, f))<{ org_id: string }>(`select org_id from ${fn}`);
    expect(rows.map((r) => r.org_id)).toContain(org.orgId);
  });
});

describe('the audit helpers answer only about the current org', () => {
  it('audit_retention_cutoff and audit_purge_horizon are null for any other org', async () => {
    const org = await createTestOrg('cred-audit');
    const other = await createTestOrg('cred-audit-other');
    const ask = 'select audit_retention_cutoff($1) is not null as has_cutoff, audit_purge_horizon($1) as horizon';
    expect(await inside((fn) => withTenant(org.orgId, SYSTEM, fn))(ask, [org.orgId])).toEqual([
      { has_cutoff: true, horizon: expect.any(String) },
    ]);
    expect(await inside((fn) => withTenant(org.orgId, SYSTEM, fn))(ask, [other.orgId])).toEqual([
      { has_cutoff: false, horizon: null },
    ]);
    expect(await bare(ask, [org.orgId])).toEqual([{ has_cutoff: false, horizon: null }]);
  });

  it('audit_org_exists is the delete guard’s alone: neither the runtime nor the purge role may call it', async () => {
    const org = await createTestOrg('cred-audit-exists');
    await withTenant(org.orgId, SYSTEM, (tx) =>
      appendAuditEvent(tx, {
        orgId: org.orgId,
        action: 'seed.event',
        actor: { type: 'system', id: 'seed', email: null },
        outcome: 'success',
      }),
    );
    const tenant = inside((fn) => withTenant(org.orgId, SYSTEM, fn));
    expect((await pgErrorFrom(tenant('select audit_org_exists($1)', [org.orgId]))).code).toBe('42501');
    const asPurgeRole = tenant(`set local role ${env.dbRoles.auditPurge}; select audit_org_exists('${org.orgId}')`);
    expect((await pgErrorFrom(asPurgeRole)).code).toBe('42501');
    // The guard still lets an organization's deletion take its trail along.
    await adminQuery('delete from organizations where id = $1', [org.orgId]);
    expect(await adminQuery('select 1 from audit_events where org_id = $1', [org.orgId])).toEqual([]);
  });
});

describe('every SECURITY DEFINER function is known, pinned and not public', () => {
  it('is listed with its reason in docs/decisions/003, has a fixed search_path and no PUBLIC execute', async () => {
    const record = await readFile(new URL('../../docs/decisions/003-tenant-isolation.md', import.meta.url), 'utf8');
    const functions = await adminQuery<{ name: string; pinned: boolean; public_execute: boolean }>(`
      select p.proname as name,
             coalesce(array_to_string(p.proconfig, ',') like 'search_path=%', false) as pinned,
             has_function_privilege('public', p.oid, 'execute') as public_execute
        from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname = 'public' and p.prosecdef
       order by 1`);
    expect(functions.length).toBeGreaterThan(10);
    for (const fn of functions) {
      expect(record, `${fn.name} is not listed in docs/decisions/003`).toMatch(new RegExp(`^- \`${fn.name}\\(`, 'm'));
      expect(fn, fn.name).toMatchObject({ pinned: true, public_execute: false });
    }
  });
});
