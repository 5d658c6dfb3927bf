/** The org's audit retention (organizations.audit_retention_days; the database enforces 30–2555). */
import { eq } from 'drizzle-orm';
import { organizations } from '../../db/schema';
import { assertRetentionAllowed } from '../billing/entitlements';
import { AppError } from '../errors';
import type { Tx } from '../tenancy/withTenant';

export const DEFAULT_RETENTION_DAYS = 365;
export const MIN_RETENTION_DAYS = 30;
/** Seven years: the longest any plan may keep events. */
export const MAX_RETENTION_DAYS = 2555;

export async function retentionOf(tx: Tx, orgId: string): Promise<number> {
  const [row] = await tx
    .select({ days: organizations.auditRetentionDays })
    .from(organizations)
    .where(eq(organizations.id, orgId));
  if (!row) throw new AppError('ORG_NOT_FOUND');
  return row.days;
}

export async function setRetention(tx: Tx, orgId: string, days: number): Promise<{ retentionDays: number }> {
  await assertRetentionAllowed(tx, orgId, days);
  const [row] = await tx
    .update(organizations)
    .set({ auditRetentionDays: days, updatedAt: new Date() })
    .where(eq(organizations.id, orgId))
    .returning({ days: organizations.auditRetentionDays });
  if (!row) throw new AppError('ORG_NOT_FOUND');
  return { retentionDays: row.days };
}
