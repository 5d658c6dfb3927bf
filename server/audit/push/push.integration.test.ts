/**
 * Audit push end to end against a real HTTP receiver on loopback: configuring through the
 * procedures (secret shown once, stored sealed, never in the trail), the job pushing signed NDJSON
 * in chain order in batches of at most 500 and advancing the cursor only on a 2xx, a failing
 * receiver retried after the backoff without losing or skipping an event, tenant isolation, and
 * the endpoint switched off after repeated failures with an activity event.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { adminQuery } from '../../../test/db';
import { createTestOrg } from '../../activity/testFixtures';
import { caught, personIn, rolesTestOrg, type RolesTestOrg } from '../../roles/testFixtures';
import { logger } from '../../logger';
import { withTenant } from '../../tenancy/withTenant';
import { appendAuditEvent } from '../append';
import type { InTenant } from '../../jobs/define';
import { findEndpoint } from './endpointState';
import { AUTO_DISABLE_ACTION, FAILING_ACTIVITY, MAX_CONSECUTIVE_FAILURES, PUSH_LEASE_MS, runPush } from './pushRun';
import { startTestReceiver, type TestReceiver } from './testReceiver';

// The receiver listens on loopback over http: allowed only with the explicit switch (read at import).
vi.hoisted(() => {
  process.env.OUTBOUND_ALLOW_PRIVATE_URLS = 'true';
});

const JOB = { type: 'system', name: 'job:pushAudit' } as const;

let receiver: TestReceiver;
beforeAll(async () => {
  receiver = await startTestReceiver();
});
afterAll(() => receiver.close());

async function seedEvents(orgId: string, count: number, action = 'seed.event') {
  await withTenant(orgId, JOB, async (tx) => {
    for (let i = 0; i < count; i++) {
      await appendAuditEvent(tx, {
        orgId,
        action,
        actor: { type: 'system', id: 'seed', email: null },
        outcome: 'success',
      });
    }
  });
}

/** Short transactions as the pushAudit job's handler opens them. */
const inTenantOf =
  (orgId: string): InTenant =>
  (fn) =>
    withTenant(orgId, JOB, fn);

function runJob(orgId: string) {
  return runPush(orgId, inTenantOf(orgId), logger);
}

function runAt(orgId: string, at: Date) {
  return runPush(orgId, inTenantOf(orgId), logger, { now: () => at });
}

async function endpointRow(orgId: string) {
  const [row] = await adminQuery<Record<string, unknown>>('select * from audit_push_endpoints where org_id = $1', [
    orgId,
  ]);
  return row;
}

async function seqsOf(orgId: string): Promise<number[]> {
  const rows = await adminQuery<{ seq: string }>(
    'select seq::text from audit_events where org_id = $1 order by audit_events.seq',
    [orgId],
  );
  return rows.map((r) => Number(r.seq));
}

async function configured(org: RolesTestOrg, path: string) {
  const issued = await org.ownerPerson.caller.auditPush.configure({
    orgSlug: org.slug,
    url: receiver.url(path),
    version: null,
  });
  return issued;
}

function pushesTo(path: string) {
  return receiver.received.filter((push) => push.path === path);
}

describe('audit push', () => {
  it('shows the secret once, stores it sealed and keeps it out of the trail', async () => {
    const org = await rolesTestOrg('push-config');
    const issued = await configured(org, '/config');
    expect(issued.signingSecret).toMatch(/^apsk_/);
    expect(issued.status).toMatchObject({ url: receiver.url('/config'), isEnabled: true, version: 1 });

    const read = await org.ownerPerson.caller.auditPush.get({ orgSlug: org.slug });
    expect(JSON.stringify(read)).not.toContain(issued.signingSecret);

    const row = await endpointRow(org.orgId);
    expect(JSON.stringify(row)).not.toContain(issued.signingSecret);
    expect(String(row?.sealed_signing_secret)).toMatch(/^v1\./);

    const rotated = await org.ownerPerson.caller.auditPush.rotateSecret({ orgSlug: org.slug, version: 1 });
    expect(rotated.signingSecret).not.toBe(issued.signingSecret);

    const trail = await adminQuery<{ action: string; before: unknown; after: unknown }>(
      `select action, before, after from audit_events where org_id = $1 and action like 'auditPush.%' order by seq`,
      [org.orgId],
    );
    expect(trail.map((e) => e.action)).toEqual(['auditPush.configure', 'auditPush.rotateSecret']);
    expect(trail[0]).toMatchObject({ before: null, after: { url: receiver.url('/config'), isEnabled: true } });
    const everything = JSON.stringify(await adminQuery('select * from audit_events where org_id = $1', [org.orgId]));
    expect(everything).not.toContain(issued.signingSecret);
    expect(everything).not.toContain(rotated.signingSecret);
    expect(everything).not.toContain(String(row?.sealed_signing_secret));

    // Optimistic concurrency: a stale version is refused (and that refusal is audited too).
    const stale = await caught(org.ownerPerson.caller.auditPush.disable({ orgSlug: org.slug, version: 1 }));
    expect(stale.code).toBe('CONFLICT');
    const twice = await caught(configured(org, '/config'));
    expect(twice.code).toBe('CONFLICT');
  });

  it('refuses to change the endpoint without audit:export, and refuses an unsafe URL', async () => {
    const org = await rolesTestOrg('push-perm');
    const viewer = await personIn(org, 'push-viewer', 'viewer');
    const refused = await caught(
      viewer.caller.auditPush.configure({ orgSlug: org.slug, url: receiver.url('/x'), version: null }),
    );
    expect(refused.code).toBe('FORBIDDEN');
    const badUrl = await caught(
      org.ownerPerson.caller.auditPush.configure({ orgSlug: org.slug, url: 'ftp://example.com/', version: null }),
    );
    expect(badUrl.code).toBe('BAD_REQUEST');
  });

  it('pushes signed NDJSON in chain order, in batches of at most 500, advancing the cursor', async () => {
    const org = await rolesTestOrg('push-order');
    const { signingSecret } = await configured(org, '/order');
    const startSeq = Number((await endpointRow(org.orgId))?.cursor_seq);
    await seedEvents(org.orgId, 620);

    await runJob(org.orgId);
    const pushes = pushesTo('/order');
    expect(pushes.map((p) => p.lines.length)).toEqual([500, 121]);
    for (const push of pushes) {
      expect(receiver.verify(push, signingSecret)).toMatchObject({ ok: true });
      expect(push.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
      expect(push.headers['atrium-event-count']).toBe(String(push.lines.length));
    }
    const pushedSeqs = pushes.flatMap((p) => p.lines.map((l) => l.seq as number));
    const all = await seqsOf(org.orgId);
    expect(pushedSeqs).toEqual(all.filter((seq) => seq > startSeq));
    expect(pushes[0]?.lines[0]).toMatchObject({ action: 'auditPush.configure', id: expect.any(String) });

    const row = await endpointRow(org.orgId);
    expect(Number(row?.cursor_seq)).toBe(all.at(-1));
    expect(row).toMatchObject({ consecutive_failures: 0, last_error: null });
    expect(row?.last_success_at).toBeInstanceOf(Date);

    // Nothing new: no request.
    await runJob(org.orgId);
    expect(pushesTo('/order')).toHaveLength(2);
  });

  it('retries after the backoff when the receiver fails, without losing or skipping an event', async () => {
    const org = await rolesTestOrg('push-retry');
    const { signingSecret } = await configured(org, '/retry');
    const startSeq = Number((await endpointRow(org.orgId))?.cursor_seq);
    await seedEvents(org.orgId, 3);

    receiver.respondWith(500);
    try {
      await runJob(org.orgId);
    } finally {
      receiver.respondWith(200);
    }
    let row = await endpointRow(org.orgId);
    expect(Number(row?.cursor_seq)).toBe(startSeq);
    expect(row).toMatchObject({ consecutive_failures: 1, last_error: 'HTTP 500: receiver is down', is_enabled: true });
    const retryAt = row?.next_attempt_at as Date;
    expect(retryAt.getTime()).toBeGreaterThan(Date.now() + 50_000);

    // Within the backoff: nothing is sent.
    await runJob(org.orgId);
    expect(pushesTo('/retry')).toHaveLength(1);

    await seedEvents(org.orgId, 2);
    expect(await runAt(org.orgId, new Date(retryAt.getTime() + 1_000))).toMatchObject({ outcome: 'pushed' });
    const pushes = pushesTo('/retry');
    expect(pushes).toHaveLength(2);
    const [failed, retried] = pushes;
    expect(receiver.verify(retried!, signingSecret)).toMatchObject({ ok: true });
    // The retry starts with exactly the events of the failed request and goes on without a gap.
    expect(retried!.lines.slice(0, failed!.lines.length).map((l) => l.id)).toEqual(failed!.lines.map((l) => l.id));
    const all = await seqsOf(org.orgId);
    expect(retried!.lines.map((l) => l.seq)).toEqual(all.filter((seq) => seq > startSeq));
    row = await endpointRow(org.orgId);
    expect(row).toMatchObject({ consecutive_failures: 0, last_error: null, next_attempt_at: null });
    expect(Number(row?.cursor_seq)).toBe(all.at(-1));
  });

  it('claims the endpoint with a lease: a second run skips it, and a run that died is retried once the lease ends', async () => {
    const org = await rolesTestOrg('push-lease');
    await configured(org, '/lease');
    await seedEvents(org.orgId, 2);
    const claimedAt = new Date();
    // The run dies after its claim, before it sends (the worker killed mid-run).
    let calls = 0;
    const dying: InTenant = (fn) => {
      calls += 1;
      if (calls > 1) throw new Error('worker killed');
      return inTenantOf(org.orgId)(fn);
    };
    await expect(runPush(org.orgId, dying, logger, { now: () => claimedAt })).rejects.toThrow('worker killed');
    expect((await endpointRow(org.orgId))?.next_attempt_at).toEqual(new Date(claimedAt.getTime() + PUSH_LEASE_MS));

    // While the lease holds, another run (the next minute's, another worker's) sends nothing.
    expect(await runAt(org.orgId, new Date(claimedAt.getTime() + 60_000))).toEqual({
      outcome: 'idle',
      reason: 'backing_off',
    });
    expect(pushesTo('/lease')).toHaveLength(0);

    // Once it has expired, the batch goes, and the lease is let go.
    expect(await runAt(org.orgId, new Date(claimedAt.getTime() + PUSH_LEASE_MS + 1))).toMatchObject({
      outcome: 'pushed',
    });
    expect(pushesTo('/lease')).toHaveLength(1);
    expect((await endpointRow(org.orgId))?.next_attempt_at).toBeNull();
  });

  it('keeps each org to its own events and its own endpoint', async () => {
    const a = await rolesTestOrg('push-tenant-a');
    const b = await rolesTestOrg('push-tenant-b');
    await configured(a, '/tenant-a');
    await seedEvents(a.orgId, 2, 'seed.a');
    await seedEvents(b.orgId, 2, 'seed.b');
    const other = await createTestOrg('push-tenant-c');

    await runJob(a.orgId);
    await runJob(b.orgId);
    await runJob(other.orgId);
    const aIds = new Set(
      (await adminQuery<{ id: string }>('select id::text from audit_events where org_id = $1', [a.orgId])).map(
        (r) => r.id,
      ),
    );
    const pushed = pushesTo('/tenant-a').flatMap((p) => p.lines);
    expect(pushed.length).toBeGreaterThan(0);
    expect(pushed.every((line) => aIds.has(line.id as string))).toBe(true);
    expect(pushed.some((line) => line.action === 'seed.b')).toBe(false);

    // In org B's tenant transaction, org A's endpoint does not exist.
    expect(await withTenant(b.orgId, JOB, (tx) => findEndpoint(tx, a.orgId))).toBeNull();
    expect(await b.ownerPerson.caller.auditPush.get({ orgSlug: b.slug })).toEqual({ endpoint: null });
  });

  it('switches the endpoint off after repeated failures and tells the admins', async () => {
    const org = await rolesTestOrg('push-failing');
    await configured(org, '/failing');
    await seedEvents(org.orgId, 1);
    await adminQuery('update audit_push_endpoints set consecutive_failures = $2 where org_id = $1', [
      org.orgId,
      MAX_CONSECUTIVE_FAILURES - 1,
    ]);

    receiver.respondWith(503, 'maintenance');
    try {
      expect(await runAt(org.orgId, new Date())).toMatchObject({ outcome: 'failed', isDisabled: true });
    } finally {
      receiver.respondWith(200);
    }
    const row = await endpointRow(org.orgId);
    expect(row).toMatchObject({ is_enabled: false, disabled_reason: 'failing', version: 2 });

    const activity = await adminQuery<{ type: string; data: Record<string, unknown> }>(
      `select type, data from outbox where org_id = $1 and topic = 'activity' and type = $2`,
      [org.orgId, FAILING_ACTIVITY],
    );
    expect(activity).toEqual([
      {
        type: FAILING_ACTIVITY,
        data: {
          host: new URL(receiver.url()).host,
          failures: MAX_CONSECUTIVE_FAILURES,
          lastError: 'HTTP 503: maintenance',
        },
      },
    ]);
    const [audited] = await adminQuery<{ actor_id: string; after: Record<string, unknown> }>(
      'select actor_id, after from audit_events where org_id = $1 and action = $2',
      [org.orgId, AUTO_DISABLE_ACTION],
    );
    expect(audited).toMatchObject({ actor_id: 'job:pushAudit', after: { isEnabled: false } });

    // Off: the job sends nothing; switched on again, it delivers everything it still owes.
    const before = pushesTo('/failing').length;
    await runJob(org.orgId);
    expect(pushesTo('/failing')).toHaveLength(before);
    const status = await org.ownerPerson.caller.auditPush.enable({ orgSlug: org.slug, version: 2 });
    expect(status).toMatchObject({ isEnabled: true, consecutiveFailures: 0, disabledReason: null });
    await runJob(org.orgId);
    const last = pushesTo('/failing').at(-1);
    expect(last?.lines.map((l) => l.action)).toContain(AUTO_DISABLE_ACTION);
  });

  it('sends a signed test event on request, without moving the cursor', async () => {
    const org = await rolesTestOrg('push-test');
    const { signingSecret, status } = await configured(org, '/test-event');
    const result = await org.ownerPerson.caller.auditPush.sendTest({ orgSlug: org.slug });
    expect(result).toEqual({ ok: true, status: 200 });
    const [push] = pushesTo('/test-event');
    expect(receiver.verify(push!, signingSecret)).toMatchObject({ ok: true });
    expect(push?.lines).toEqual([expect.objectContaining({ action: 'audit.push_test', test: true })]);
    expect(Number((await endpointRow(org.orgId))?.cursor_seq)).toBe(status.cursor.seq);
    const [event] = await adminQuery<{ outcome: string; after: unknown }>(
      `select outcome, after from audit_events where org_id = $1 and action = 'auditPush.sendTest'`,
      [org.orgId],
    );
    expect(event).toMatchObject({ outcome: 'success', after: { delivered: true, status: 200 } });

    receiver.respondWith(500);
    try {
      const failed = await org.ownerPerson.caller.auditPush.sendTest({ orgSlug: org.slug });
      expect(failed).toMatchObject({ ok: false, status: 500, error: 'HTTP 500: receiver is down' });
    } finally {
      receiver.respondWith(200);
    }
  });
});
