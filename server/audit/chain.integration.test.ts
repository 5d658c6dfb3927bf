/**
 * The trail is append-only by construction and tampering shows: the runtime role cannot change
 * or remove an event, the owner and the superuser are refused by the triggers, the database and
 * server/audit/canonical.ts agree on every event's hash, and a superuser who switches the triggers
 * off to edit, delete or cut the chain is caught by verification and by `audit:verify`.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { adminQuery, pgErrorFrom } from '../../test/db';
import { createTestOrg, type TestOrg } from '../activity/testFixtures';
import { withTenant } from '../tenancy/withTenant';
import { appendAuditEvent } from './append';
import { canonicalEncoding, chainHash, type CanonicalFields } from './canonical';
import { tamper } from './testFixtures';
import { verifyChain } from './verify';

const SYSTEM = { type: 'system', name: 'test' } as const;
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

async function appendSome(org: TestOrg, count: number, extra: Partial<Parameters<typeof appendAuditEvent>[1]> = {}) {
  for (let i = 0; i < count; i++) {
    await withTenant(org.orgId, SYSTEM, (tx) =>
      appendAuditEvent(tx, {
        orgId: org.orgId,
        action: `test.step${i}`,
        actor: { type: 'user', id: org.owner.userId, email: 'owner@example.test' },
        outcome: i % 3 === 2 ? 'failure' : 'success',
        reason: i % 3 === 2 ? 'FORBIDDEN: no' : null,
        resource: { type: 'role', id: `r-${i}` },
        request: { ip: '203.0.113.9', userAgent: 'Mozilla/5.0 «test» ✓', requestId: `req-${i}` },
        before: { name: `old ${i}`, amount: 1.5, nested: { list: [1, 'two', null] } },
        after: { name: `néw ${i}`, password: 'hunter2', emoji: '🔐' },
        ...extra,
      }),
    );
  }
}

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'npx',
      ['tsx', 'server/cli.ts', ...args],
      { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'silent' }, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

let org: TestOrg;

beforeEach(async () => {
  org = await createTestOrg('audit-chain');
  await appendSome(org, 6);
});

describe('append-only', () => {
  it('lets the runtime role insert and read, never update or delete', async () => {
    const update = await pgErrorFrom(
      withTenant(org.orgId, SYSTEM, (tx) => tx.$client.query(`update audit_events set reason = 'x'`)),
    );
    expect(update.code).toBe('42501');
    const remove = await pgErrorFrom(
      withTenant(org.orgId, SYSTEM, (tx) => tx.$client.query('delete from audit_events')),
    );
    expect(remove.code).toBe('42501');
    const count = await withTenant(org.orgId, SYSTEM, (tx) =>
      tx.$client.query('select count(*)::int as n from audit_events'),
    );
    expect(count.rows[0]).toEqual({ n: 6 });
  });

  it('refuses UPDATE, DELETE and TRUNCATE to the superuser while the triggers are on', async () => {
    const update = await pgErrorFrom(adminQuery(`update audit_events set reason = 'x' where org_id = $1`, [org.orgId]));
    expect(update.message).toContain('append-only');
    const remove = await pgErrorFrom(adminQuery('delete from audit_events where org_id = $1', [org.orgId]));
    expect(remove.message).toContain('append-only');
    const truncate = await pgErrorFrom(adminQuery('truncate audit_events'));
    expect(truncate.message).toContain('append-only');
  });

  it('does not let one org append into another org', async () => {
    const other = await createTestOrg('audit-chain-other');
    const error = await pgErrorFrom(
      withTenant(other.orgId, SYSTEM, (tx) =>
        appendAuditEvent(tx, {
          orgId: org.orgId,
          action: 'x',
          actor: { type: 'system', id: null, email: null },
          outcome: 'success',
        }),
      ),
    );
    expect(error.code).toBe('42501');
  });

  it('stores secrets redacted', async () => {
    const rows = await adminQuery<{ after: string }>(`select after::text from audit_events where org_id = $1`, [
      org.orgId,
    ]);
    for (const row of rows) expect(row.after).not.toContain('hunter2');
  });
});

describe('hash chain', () => {
  it('agrees with the database on the canonical encoding and hash of every event', async () => {
    const rows = await adminQuery<CanonicalFields & { canonical: string; prev_hash: Buffer; hash: Buffer }>(
      `select org_id::text as "orgId", seq::text, id::text,
              to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "occurredAt",
              actor_type as "actorType", actor_id as "actorId", actor_email as "actorEmail", action,
              resource_type as "resourceType", resource_id as "resourceId", outcome, reason, ip,
              user_agent as "userAgent", country, request_id as "requestId", before::text, after::text,
              audit_canonical(e) as canonical, prev_hash, hash
         from audit_events e where org_id = $1 order by e.seq`,
      [org.orgId],
    );
    expect(rows).toHaveLength(6);
    for (const row of rows) {
      expect(canonicalEncoding(row)).toBe(row.canonical);
      expect(chainHash(row.prev_hash, canonicalEncoding(row)).equals(row.hash)).toBe(true);
    }
    expect(rows[0]?.country).toBe('unknown');
    expect(await verifyChain(org.orgId, SYSTEM)).toMatchObject({ ok: true, checked: 6, firstSeq: 1, lastSeq: 6 });
  });

  it('names an event whose content was altered', async () => {
    await tamper(`update audit_events set reason = 'nothing to see' where org_id = '${org.orgId}' and seq = 3`);
    expect((await verifyChain(org.orgId, SYSTEM)).broken).toMatchObject({
      seq: 3,
      reason: expect.stringContaining('does not match its hash'),
    });
  });

  it('names the gap where an event was deleted, even when the next hash was recomputed', async () => {
    await tamper(`delete from audit_events where org_id = '${org.orgId}' and seq = 4`);
    expect((await verifyChain(org.orgId, SYSTEM)).broken).toMatchObject({ seq: 4, reason: 'event #4 is missing' });
  });

  it('names an event re-linked to hide a deletion', async () => {
    await tamper(
      `delete from audit_events where org_id = '${org.orgId}' and seq = 4;
       update audit_events set seq = seq - 1 where org_id = '${org.orgId}' and seq > 4`,
    );
    const result = await verifyChain(org.orgId, SYSTEM);
    expect(result.broken?.seq).toBe(4);
  });

  it('notices a cut tail and a removed beginning', async () => {
    await tamper(`delete from audit_events where org_id = '${org.orgId}' and seq >= 5`);
    expect((await verifyChain(org.orgId, SYSTEM)).broken).toMatchObject({
      seq: 5,
      reason: expect.stringContaining('events were removed'),
    });

    const second = await createTestOrg('audit-chain-head');
    await appendSome(second, 4);
    await tamper(`delete from audit_events where org_id = '${second.orgId}' and seq <= 2`);
    expect((await verifyChain(second.orgId, SYSTEM)).broken).toMatchObject({
      seq: 3,
      reason: expect.stringContaining('no purge event anchors #3'),
    });
  });

  it(
    'audit:verify reports a sound chain (exit 0) and names the first broken event (exit 1)',
    { timeout: 90_000 },
    async () => {
      const sound = await cli('audit:verify', '--org', org.slug);
      expect(sound.code).toBe(0);
      expect(sound.stdout).toContain(`Audit chain of ${org.slug} verifies: 6 events (#1–#6)`);

      await tamper(`update audit_events set after = '{"name": "forged"}' where org_id = '${org.orgId}' and seq = 2`);
      const [row] = await adminQuery<{ id: string }>(
        'select id::text from audit_events where org_id = $1 and seq = 2',
        [org.orgId],
      );
      const broken = await cli('audit:verify', '--org', org.slug);
      expect(broken.code).toBe(1);
      expect(broken.stderr).toContain(`BROKEN at event #2 (${row?.id})`);

      const missing = await cli('audit:verify');
      expect(missing.code).toBe(2);
    },
  );
});
