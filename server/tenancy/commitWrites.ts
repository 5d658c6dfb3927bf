/**
 * A withTenant transaction's last statement, right before COMMIT: the audit event of its mutation
 * and its activity events (server/tenancy/heldWrites.ts), written together — one round trip, the
 * audit chain head locked first and the org's activity lock after it (decision 013).
 */
import { sql } from 'drizzle-orm';
import { auditInsertCtes } from '../audit/append';
import { activityInsertCtes, reportActivityIds } from '../realtime/outbox';
import { takeHeldWrites, type HeldActivity } from './heldWrites';
import { executePrepared } from './preparedStatement';
import type { Tx } from './withTenant';

/** Statements with up to this many rows are prepared once per connection (a handful of texts). */
const MAX_KEPT_ROWS = 4;

export async function writeHeldWrites(tx: Tx): Promise<void> {
  const held = takeHeldWrites(tx);
  if (!held || (held.activity.length === 0 && held.audit.length === 0)) return;
  const activityByOrg = new Map<string, HeldActivity[]>();
  for (const item of held.activity) {
    activityByOrg.set(item.event.orgId, [...(activityByOrg.get(item.event.orgId) ?? []), item]);
  }
  const auditOrgs = [...new Set(held.audit.map((event) => event.orgId))];
  for (const orgId of auditOrgs) {
    const audit = held.audit.filter((event) => event.orgId === orgId);
    const activity = activityByOrg.get(orgId) ?? [];
    activityByOrg.delete(orgId);
    const keep = audit.length + activity.length <= MAX_KEPT_ROWS;
    if (activity.length === 0) {
      await executePrepared(tx, sql`with ${auditInsertCtes(audit)} select 1`, { keep });
      continue;
    }
    const result = await executePrepared<{ id: string }>(
      tx,
      sql`with ${auditInsertCtes(audit)}, ${activityInsertCtes(orgId, activity, true)} select id from a`,
      { keep },
    );
    reportActivityIds(activity, result.rows);
  }
  for (const [orgId, activity] of activityByOrg) {
    const result = await executePrepared<{ id: string }>(
      tx,
      sql`with ${activityInsertCtes(orgId, activity, false)} select id from a`,
      { keep: activity.length <= MAX_KEPT_ROWS },
    );
    reportActivityIds(activity, result.rows);
  }
}
