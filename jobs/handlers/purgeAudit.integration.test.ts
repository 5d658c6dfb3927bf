/**
 * Retention: the daily purge removes an org's expired events as the audit purge role — nothing
 * younger, nothing of another org — records an audit.purge event with the anchor, and the chain
 * still verifies from the first retained event, purge after purge. The purge role can do nothing
 * else, and retention stays within 30 days to 7 years.
 */
import { describe, expect, it } from 'vitest';
import { createTestOrg, type TestOrg } from '../../server/activity/testFixtures';
import { appendAuditEvent } from '../../server/audit/append';
import { auditRowsOf } from '../../server/audit/testFixtures';
import { verifyChain } from '../../server/audit/verify';
import { caught, rolesTestOrg } from '../../server/roles/testFixtures';
import { env } from '../../server/env';
import { withTenant } from '../../server/tenancy/withTenant';
import { adminQuery, pgErrorFrom } from '../../test/db';
import { runHandler } from '../testFixtures';
import { purgeAuditHandler } from './purgeAudit';

const SYSTEM = { type: 'system', name: 'test' } as const;
const DAY = 86_400_000;

async function eventAt(org: TestOrg, action: string, daysAgo: number) {
  await withTenant(org.orgId, SYSTEM, (tx) =>
    appendAuditEvent(tx, {
      orgId: org.orgId,
      action,
      actor: { type: 'system', id: 'seed', email: null },
      outcome: 'success',
      occurredAt: new Date(Date.now() - daysAgo * DAY),
    }),
  );
}

async function runPurge(org: TestOrg) {
  await runHandler(purgeAuditHandler, { orgId: org.orgId });
}

describe('audit retention', () => {
  it('purges only expired events, records the anchor, and the chain verifies after each purge', async () => {
    const org = await rolesTestOrg('audit-retention');
    const other = await createTestOrg('audit-retention-other');
    for (const o of [org, other]) {
      await eventAt(o, 'seed.ancient', 400);
      await eventAt(o, 'seed.ancient', 399);
      await eventAt(o, 'seed.ancient', 398);
      await eventAt(o, 'seed.old', 40);
      await eventAt(o, 'seed.old', 39);
    }

    await runPurge(org);
    let rows = await auditRowsOf(org.orgId);
    expect(rows.map((r) => r.action)).toEqual(['seed.old', 'seed.old', 'audit.purge']);
    expect(rows[2]).toMatchObject({ actor_type: 'system', actor_id: 'job:purgeAudit', resource_id: org.orgId });
    expect(rows[2]?.after).toMatchObject({ deleted: 3, retentionDays: 365, anchor: { seq: 4 } });
    expect(await verifyChain(org.orgId, SYSTEM)).toMatchObject({ ok: true, firstSeq: 4, anchor: { seq: 4 } });
    expect(await auditRowsOf(other.orgId)).toHaveLength(5);

    await org.ownerPerson.caller.audit.setRetention({ orgSlug: org.slug, retentionDays: 30 });
    const [changed] = await auditRowsOf(org.orgId, 'audit.setRetention');
    expect(changed).toMatchObject({ before: { retentionDays: 365 }, after: { retentionDays: 30 } });

    await runPurge(org);
    rows = await auditRowsOf(org.orgId);
    expect(rows.map((r) => r.action)).toEqual(['audit.purge', 'audit.setRetention', 'audit.purge']);
    expect(rows[2]?.after).toMatchObject({ deleted: 2, retentionDays: 30, anchor: { seq: 6 } });
    expect(await verifyChain(org.orgId, SYSTEM)).toMatchObject({ ok: true, firstSeq: 6, anchor: { seq: 6 } });

    // Nothing left to purge: no event either.
    await runPurge(org);
    expect(await auditRowsOf(org.orgId)).toHaveLength(3);
  });

  it('lets the purge role delete nothing unexpired, read nothing and change nothing', async () => {
    const org = await createTestOrg('audit-purge-role');
    await eventAt(org, 'seed.ancient', 400);
    await eventAt(org, 'seed.recent', 1);
    const asPurgeRole = (statement: string) =>
      withTenant(org.orgId, SYSTEM, async (tx) => {
        await tx.$client.query(
          `set local role ${env.dbRoles.auditPurge}; select set_config('app.audit_purge_before', '999999', true)`,
        );
        return tx.$client.query(statement);
      });
    const deleted = await asPurgeRole('delete from audit_events');
    expect(deleted.rowCount).toBe(1);
    expect((await auditRowsOf(org.orgId)).map((r) => r.action)).toEqual(['seed.recent']);
    expect((await pgErrorFrom(asPurgeRole('select * from audit_events'))).code).toBe('42501');
    expect((await pgErrorFrom(asPurgeRole(`update audit_events set action = 'x'`))).code).toBe('42501');
    expect((await pgErrorFrom(asPurgeRole('delete from organizations'))).code).toBe('42501');
  });

  it('keeps retention between 30 days and 7 years', async () => {
    const org = await rolesTestOrg('audit-retention-bounds');
    const tooShort = await caught(org.ownerPerson.caller.audit.setRetention({ orgSlug: org.slug, retentionDays: 7 }));
    expect(tooShort.code).toBe('BAD_REQUEST');
    const error = await pgErrorFrom(
      adminQuery('update organizations set audit_retention_days = 3000 where id = $1', [org.orgId]),
    );
    expect(error.constraint).toBe('organizations_audit_retention_days_range');
    expect(await org.ownerPerson.caller.audit.retention({ orgSlug: org.slug })).toEqual({ retentionDays: 365 });
  });
});
