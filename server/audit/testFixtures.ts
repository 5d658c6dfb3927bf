/** Test helpers for the audit tests: rows read as the superuser, outside RLS. Only imported by tests. */
import { adminQuery } from '../../test/db';

export type AuditRow = {
  seq: number;
  action: string;
  outcome: 'success' | 'failure';
  reason: string | null;
  actor_type: string;
  actor_id: string | null;
  actor_email: string | null;
  resource_type: string | null;
  resource_id: string | null;
  ip: string | null;
  country: string;
  request_id: string | null;
  user_agent: string | null;
  before: unknown;
  after: unknown;
};

export async function auditRowsOf(orgId: string, action?: string): Promise<AuditRow[]> {
  const rows = await adminQuery<AuditRow & { seq: string }>(
    `select seq::text, action, outcome, reason, actor_type, actor_id, actor_email, resource_type, resource_id,
            ip, country, request_id, user_agent, before, after
       from audit_events where org_id = $1 and ($2::text is null or action = $2) order by audit_events.seq`,
    [orgId, action ?? null],
  );
  return rows.map((row) => ({ ...row, seq: Number(row.seq) }));
}

/** Runs statements as the superuser with triggers off — how an attacker with database access tampers. */
export async function tamper(statement: string): Promise<void> {
  await adminQuery(`begin; set local session_replication_role = replica; ${statement}; commit;`);
}
