/**
 * Audit retention for one tenant (docs/decisions/010-audit.md), in one short tenant transaction of
 * its own (no network I/O in it):
 *   1. reads the purge horizon — the first event that has not expired — and the prev_hash of the
 *      event that will be first once older ones are gone: the anchor verification will trust;
 *   2. becomes the audit purge role (`<DB_ROLE_PREFIX>_audit_purge`) for one statement (SET LOCAL ROLE): the only role that may
 *      delete events, and only its org's expired prefix, bounded by the horizon read in step 1;
 *   3. back as the runtime role, appends an `audit.purge` event recording what went and the anchor.
 * All in one transaction, so the purge and its record commit together or not at all.
 */
import { sql } from 'drizzle-orm';
import { appendAuditEvent } from '../../server/audit/append';
import { PURGE_ACTION } from '../../server/audit/verify';
import { env } from '../../server/env';
import { purgeAudit } from '../../server/jobs/definitions/purgeAudit';
import type { Logger } from '../../server/logger';
import type { Tx } from '../../server/tenancy/withTenant';
import { handleJob } from '../handler';

export const purgeAuditHandler = handleJob(purgeAudit, ({ orgId }, { inTenant, log }) =>
  inTenant((tx) => purgeExpired(tx, orgId, log)),
);

async function purgeExpired(tx: Tx, orgId: string, log: Logger): Promise<void> {
  const state = await tx.execute<{ horizon: string; first: string | null; cutoff: Date; days: number }>(sql`
      select audit_purge_horizon(${orgId}::uuid)::text as horizon,
             (select min(seq)::text from audit_events) as first,
             audit_retention_cutoff(${orgId}::uuid) as cutoff,
             (select audit_retention_days from organizations where id = ${orgId}::uuid) as days`);
  const row = state.rows[0];
  if (!row?.first) return;
  const horizon = Number(row.horizon);
  if (horizon <= Number(row.first)) return;

  const anchorRow = await tx.execute<{ previous: string }>(sql`
      select encode(coalesce(
        (select prev_hash from audit_events where seq = ${horizon}),
        (select hash from audit_chain_heads where seq = ${horizon - 1})), 'hex') as previous`);
  const previous = anchorRow.rows[0]?.previous;
  if (!previous) throw new Error(`no anchor for audit purge horizon #${horizon}`);

  await tx.execute(sql`set local role ${sql.identifier(env.dbRoles.auditPurge)}`);
  await tx.execute(sql`select set_config('app.audit_purge_before', ${String(horizon)}, true)`);
  const deleted = await tx.execute(sql`delete from audit_events`);
  await tx.execute(sql`set local role none`);

  await appendAuditEvent(tx, {
    orgId,
    action: PURGE_ACTION,
    actor: { type: 'system', id: 'job:purgeAudit', email: null },
    outcome: 'success',
    resource: { type: 'organization', id: orgId },
    after: {
      deleted: deleted.rowCount ?? 0,
      retentionDays: row.days,
      expiredBefore: new Date(row.cutoff).toISOString(),
      anchor: { seq: horizon, previous },
    },
  });
  log.info({ deleted: deleted.rowCount, anchorSeq: horizon }, 'expired audit events purged');
}
