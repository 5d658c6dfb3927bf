/**
 * Queues the immediate emails that inbox rows carry. The fan-out (./fanOut.ts) marks a row's email
 * 'pending' in the transaction that advances the cursor; this records a sendEmail job in the
 * outbox for each pending row (server/jobs/recordJob.ts) and marks the row 'queued' in the same
 * short system transaction of the org, which holds the rows locked (SKIP LOCKED: two runs take
 * different rows) but makes no network call: the outbox relay adds the jobs to Bull after the
 * commit, and keeps them until it has. A run that fails (the process killed) leaves its rows
 * pending for the next run — every notifyInbox run calls this, and the cron starts one for every
 * org each minute — so an email is sent at least once, never lost. Each job's id is derived from
 * its row (event × person), so an email is not added twice while the first job waits.
 *
 * Some pending emails must never be sent; they are marked 'dropped', for good:
 *  - the person is no longer an active member of the org (removed or deactivated since the
 *    fan-out): checked against their membership in the transaction that settles the row, so a
 *    person who rejoins later does not receive what was meant for them before;
 *  - the sendEmail job refuses the email (its payload schema, e.g. an address it does not accept):
 *    no retry can change that, so it must neither stay pending nor fail the run — which would hold
 *    every later email of the org behind it. Logged by notification id, never by address.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { memberships, notifications, users } from '../../db/schema';
import { orgNameAndSlug } from '../orgs/service';
import { sendEmail } from '../jobs/definitions/sendEmail';
import { JobPayloadError } from '../jobs/enqueue';
import { recordJob } from '../jobs/recordJob';
import { env } from '../env';
import { logger, type Logger } from '../logger';
import { withTenant, type Tx } from '../tenancy/withTenant';
import { notificationSentence, type NotificationFacts } from './sentence';

export const PENDING_EMAIL_BATCH = 100;

export type PendingEmailsOptions = { batchSize?: number; log?: Logger };
export type PendingEmailsResult = { queued: number; dropped: number };

type PendingEmail = NotificationFacts & { userId: string; eventId: number; to: string };
type BatchOutcome = PendingEmailsResult & { selected: number };

/** One immediate email per inbox row (event × person), whatever the number of runs that queue it. */
export function emailJobId(orgId: string, entry: { eventId: number; userId: string }): string {
  return `notify-${orgId}-${entry.eventId}-${entry.userId}`;
}

/** Who caused the event, by name (null once they are no longer visible: left the org). */
const actors = alias(users, 'actor');

function emailFor(org: { name: string; slug: string }, email: PendingEmail) {
  const link = new URL(`/o/${org.slug}/notifications`, env.APP_URL).toString();
  const sentence = notificationSentence(email);
  return {
    to: email.to,
    subject: `${org.name}: ${sentence}`.slice(0, 200),
    text: `In ${org.name}: ${sentence}.\n\nSee your notifications: ${link}\n\nYou receive this email because of your notification preferences in ${org.name}; change them on that page.`,
  };
}

/**
 * Settles pending rows through app_settle_notification_emails (db/migrations/0019): the runtime
 * role may not update the email columns itself, or a member could reset their own email to
 * pending. Returns the ids settled (rows no longer pending are left as they are).
 */
async function settle(tx: Tx, orgId: string, ids: number[], state: 'queued' | 'dropped'): Promise<number[]> {
  if (ids.length === 0) return [];
  const result = await tx.execute<{ id: string }>(
    sql`select id from app_settle_notification_emails(${orgId}::uuid, ${sql.param(ids)}::bigint[], ${state}) as id`,
  );
  return result.rows.map((row) => Number(row.id));
}

async function queueBatch(tx: Tx, orgId: string, limit: number, log: Logger): Promise<BatchOutcome> {
  // Left joins: a row whose person is no longer an active member is selected too, to be dropped.
  // (Their address is not even visible once the membership is gone: users RLS.)
  const pending = await tx
    .select({
      id: notifications.id,
      userId: notifications.userId,
      eventId: notifications.eventId,
      type: notifications.type,
      actorUserId: notifications.actorUserId,
      actorName: actors.name,
      data: notifications.data,
      createdAt: notifications.createdAt,
      to: users.email,
      activeMembershipId: memberships.id,
    })
    .from(notifications)
    .leftJoin(
      memberships,
      and(
        eq(memberships.orgId, notifications.orgId),
        eq(memberships.userId, notifications.userId),
        eq(memberships.status, 'active'),
      ),
    )
    .leftJoin(users, eq(users.id, notifications.userId))
    .leftJoin(actors, eq(actors.id, notifications.actorUserId))
    .where(and(eq(notifications.orgId, orgId), eq(notifications.emailState, 'pending')))
    .orderBy(asc(notifications.id))
    .limit(limit)
    .for('update', { of: notifications, skipLocked: true });
  if (pending.length === 0) return { selected: 0, queued: 0, dropped: 0 };
  const org = await orgNameAndSlug(tx, orgId);

  const queuedIds: number[] = [];
  const notMemberIds: number[] = [];
  const refusedIds: number[] = [];
  for (const row of pending) {
    if (row.activeMembershipId === null || row.to === null) {
      notMemberIds.push(row.id);
      continue;
    }
    const email = { ...row, to: row.to };
    try {
      await recordJob(
        tx,
        sendEmail,
        { orgId, userId: email.userId, ...emailFor(org, email) },
        { jobId: emailJobId(orgId, email) },
      );
      queuedIds.push(email.id);
    } catch (error) {
      // A refused payload is this row's alone, for good: drop it, the others still go. Anything
      // else is the database's and fails the whole transaction.
      if (!(error instanceof JobPayloadError)) throw error;
      refusedIds.push(email.id);
      log.warn({ notificationId: email.id, reason: error.message }, 'notification email refused by sendEmail: dropped');
    }
  }
  const queued = await settle(tx, orgId, queuedIds, 'queued');
  const dropped = await settle(tx, orgId, [...notMemberIds, ...refusedIds], 'dropped');
  if (notMemberIds.length > 0) {
    log.info({ notificationIds: notMemberIds }, 'notification emails dropped: recipient no longer an active member');
  }
  return {
    selected: pending.length,
    queued: queued.length,
    dropped: dropped.length,
  };
}

/**
 * Queues the org's pending emails, `batchSize` rows per transaction, until a batch is not full,
 * and drops those that must not be sent.
 */
export async function queuePendingEmails(
  orgId: string,
  { batchSize = PENDING_EMAIL_BATCH, log = logger.child({ orgId }) }: PendingEmailsOptions = {},
): Promise<PendingEmailsResult> {
  const total: PendingEmailsResult = { queued: 0, dropped: 0 };
  for (;;) {
    const batch = await withTenant(orgId, { type: 'system', name: 'job:notifyInbox' }, (tx) =>
      queueBatch(tx, orgId, batchSize, log),
    );
    total.queued += batch.queued;
    total.dropped += batch.dropped;
    if (batch.selected < batchSize) return total;
  }
}
