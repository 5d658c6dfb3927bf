/**
 * Reporting API calls to Stripe's meter (env.STRIPE_METER_API_CALLS), per org with a Stripe
 * customer: each completed hour's api_call total that Stripe has not had yet, or the difference
 * when late events raised an hour already reported. Three steps, never a transaction across the
 * network: read what is due in one short transaction, send with none open, record what Stripe took
 * in another.
 *
 * Each meter event's identifier is made from the org, the hour and the hour's new total: a retry
 * after a crash between sending and recording sends the same identifier, Stripe refuses it as a
 * duplicate, and that counts as reported — so an hour is never billed twice. Hours Stripe would no
 * longer accept (its meter takes events up to 35 days old) and hours still waiting for their
 * roll-up (a dirty mark) are left out.
 */
import { sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { InTenant } from '../jobs/define';
import type { Tx } from '../tenancy/withTenant';

export const METERED_METRIC = 'api_call';
/** Hours sent per run; what is left goes in the next hourly run. */
export const MAX_HOURS_PER_RUN = 200;
/** Stripe refuses meter events older than 35 days: hours past this are not sent. */
const REPORTABLE_DAYS = 34;

export type DueHour = { hour: Date; total: number; reported: number };
export type DueReports = { customerId: string; hours: DueHour[] };
export type SentReport = { hour: Date; total: number };

/** What is due for the org, or null when it has no Stripe customer. */
export async function dueMeterReports(tx: Tx, orgId: string): Promise<DueReports | null> {
  const account = await tx.execute<{ customer: string | null }>(
    sql`select stripe_customer_id as customer from billing_accounts where org_id = ${orgId}::uuid`,
  );
  const customerId = account.rows[0]?.customer;
  if (!customerId) return null;
  const due = await tx.execute<{ hour: string | Date; total: string; reported: string }>(sql`
    select r.bucket_start as hour, r.value::text as total, coalesce(m.reported_value, 0)::text as reported
      from usage_rollups r
      left join usage_meter_reports m on m.org_id = r.org_id and m.metric = r.metric and m.hour = r.bucket_start
     where r.org_id = ${orgId}::uuid and r.metric = ${METERED_METRIC} and r.granularity = 'hour' and r.dimension = ''
       and r.bucket_start < date_trunc('hour', now(), 'UTC')
       and r.bucket_start >= now() - make_interval(days => ${REPORTABLE_DAYS})
       and r.value > coalesce(m.reported_value, 0)
       and not exists (select 1 from usage_dirty_hours d
                        where d.org_id = r.org_id and d.metric = r.metric and d.hour = r.bucket_start)
     order by r.bucket_start
     limit ${MAX_HOURS_PER_RUN}`);
  return {
    customerId,
    hours: due.rows.map((row) => ({
      hour: new Date(row.hour),
      total: Number(row.total),
      reported: Number(row.reported),
    })),
  };
}

/** The meter event's identifier: the same org, hour and total always make the same one. */
export function meterEventIdentifier(orgId: string, hour: Date, total: number): string {
  return `atrium-${orgId}-${METERED_METRIC}-${hour.getTime() / 1000}-${total}`;
}

function isDuplicateMeterEvent(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'duplicate_meter_event';
}

/**
 * Sends each due hour's difference; no transaction may be open. Stops at the first failure: what
 * was sent before it is returned with the error, to be recorded before the job retries.
 */
export async function sendMeterReports(
  stripe: Stripe,
  eventName: string,
  orgId: string,
  due: DueReports,
): Promise<{ sent: SentReport[]; error: unknown }> {
  const sent: SentReport[] = [];
  for (const { hour, total, reported } of due.hours) {
    try {
      await stripe.billing.meterEvents.create({
        event_name: eventName,
        identifier: meterEventIdentifier(orgId, hour, total),
        payload: { stripe_customer_id: due.customerId, value: String(total - reported) },
        timestamp: hour.getTime() / 1000,
      });
    } catch (error) {
      if (!isDuplicateMeterEvent(error)) return { sent, error };
    }
    sent.push({ hour, total });
  }
  return { sent, error: null };
}

export async function recordMeterReports(tx: Tx, orgId: string, sent: SentReport[]): Promise<void> {
  if (sent.length === 0) return;
  const rows = sent.map((report) => ({ hour: report.hour.toISOString(), total: report.total }));
  await tx.execute(sql`
    insert into usage_meter_reports (org_id, metric, hour, reported_value)
    select ${orgId}::uuid, ${METERED_METRIC}, r.hour, r.total
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(hour timestamptz, total bigint)
     order by r.hour
    on conflict (org_id, metric, hour) do update
      set reported_value = greatest(usage_meter_reports.reported_value, excluded.reported_value), reported_at = now()`);
}

/** One run for one org: read, send, record. Throws (after recording) when Stripe failed, so the job retries. */
export async function reportUsageToStripe(
  stripe: Stripe,
  eventName: string,
  orgId: string,
  inTenant: InTenant,
): Promise<{ sent: number }> {
  const due = await inTenant((tx) => dueMeterReports(tx, orgId));
  if (!due || due.hours.length === 0) return { sent: 0 };
  const { sent, error } = await sendMeterReports(stripe, eventName, orgId, due);
  await inTenant((tx) => recordMeterReports(tx, orgId, sent));
  if (error) throw error;
  return { sent: sent.length };
}
