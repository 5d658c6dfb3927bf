/**
 * The activity events incoming Stripe events record (server/shared/webhookEvents.ts lists them,
 * so the relay also sends them to webhook endpoints; the notification fan-out reaches the members
 * who may read them) and the once-only billing alerts: a `billing_alerts` row per kind and key,
 * written in the same transaction as the alert's activity event, so an alert happens at most once
 * however often Stripe repeats itself.
 */
import { billingAlerts, type BillingAlertKind } from '../../../db/schema/billingAlerts';
import { recordEvent } from '../../realtime/outbox';
import type { Tx } from '../../tenancy/withTenant';

export const BILLING_ACTIVITY_TYPES = [
  'invoice.paid',
  'subscription.changed',
  'billing.payment_failed',
  'billing.card_expiring',
] as const;
export type BillingActivityType = (typeof BILLING_ACTIVITY_TYPES)[number];

/** Records an activity event of the org; Stripe's changes have no acting member. */
export async function recordBillingActivity(
  tx: Tx,
  orgId: string,
  type: BillingActivityType,
  data: Record<string, unknown>,
): Promise<void> {
  await recordEvent(tx, { orgId, topic: 'activity', type, actorUserId: null, data });
}

/** Marks the alert as raised; false when it was raised before (nothing to do then). */
export async function claimBillingAlert(tx: Tx, orgId: string, kind: BillingAlertKind, key: string): Promise<boolean> {
  const rows = await tx
    .insert(billingAlerts)
    .values({ orgId, kind, key })
    .onConflictDoNothing()
    .returning({ key: billingAlerts.key });
  return rows.length > 0;
}
