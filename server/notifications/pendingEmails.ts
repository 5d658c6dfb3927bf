/**
 * Queues the immediate emails that inbox rows carry. The fan-out (./fanOut.ts) marks a row's email
 * 'pending' in the transaction that advances the cursor; this turns pending rows into sendEmail
 * jobs and marks each 'queued' only once its job was added, in a system transaction of the org
 * that holds the rows locked (SKIP LOCKED: two runs take different rows). An enqueue that fails
 * (Redis away, the process killed) leaves its row pending for the next run — every notifyInbox run
 * calls this, and the cron starts one for every org each minute — so an email is sent at least
 * once, never lost. Each job's id is derived from its row (event × person), so a row queued again
 * after a failed commit is not added twice while the first job waits.
 *
 * A row whose person can no longer be seen in the org (their membership was deleted before the
 * email was queued) is skipped and stays pending.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { notifications, organizations, users } from '../../db/schema';
import { sendEmail } from '../../jobs/definitions/sendEmail';
import { enqueue, JobPayloadError } from '../../jobs/enqueue';
import { env } from '../env';
import { withTenant, type Tx } from '../tenancy/withTenant';
import { readableType } from './kinds';

export const PENDING_EMAIL_BATCH = 100;

type PendingEmail = { id: number; userId: string; eventId: number; type: string; to: string };
type BatchOutcome = { selected: number; queued: number; failure: unknown };

/** One immediate email per inbox row (event × person), whatever the number of runs that queue it. */
export function emailJobId(orgId: string, entry: { eventId: number; userId: string }): string {
  return `notify-${orgId}-${entry.eventId}-${entry.userId}`;
}

function emailFor(org: { name: string; slug: string }, email: PendingEmail) {
  const link = new URL(`/o/${org.slug}/notifications`, env.APP_URL).toString();
  return {
    to: email.to,
    subject: `${org.name}: ${readableType(email.type)}`.slice(0, 200),
    text: `${readableType(email.type)} in ${org.name}.\n\nSee your notifications: ${link}\n\nYou receive this email because of your notification preferences in ${org.name}; change them on that page.`,
  };
}

async function queueBatch(tx: Tx, orgId: string, limit: number): Promise<BatchOutcome> {
  const pending = await tx
    .select({
      id: notifications.id,
      userId: notifications.userId,
      eventId: notifications.eventId,
      type: notifications.type,
      to: users.email,
    })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .where(and(eq(notifications.orgId, orgId), eq(notifications.emailState, 'pending')))
    .orderBy(asc(notifications.id))
    .limit(limit)
    .for('update', { of: notifications, skipLocked: true });
  if (pending.length === 0) return { selected: 0, queued: 0, failure: null };
  const [org] = await tx.select({ name: organizations.name, slug: organizations.slug }).from(organizations);
  if (!org) throw new Error('organization not visible in its own tenant transaction');

  const queuedIds: number[] = [];
  let failure: unknown = null;
  for (const email of pending) {
    try {
      await enqueue(
        sendEmail,
        { orgId, userId: email.userId, ...emailFor(org, email) },
        { jobId: emailJobId(orgId, email) },
      );
      queuedIds.push(email.id);
    } catch (error) {
      failure ??= error;
      // A refused payload is this row's alone (and refused before Redis): the others still go.
      // Anything else (Redis away) would fail them all, each after its own wait: stop here.
      if (!(error instanceof JobPayloadError)) break;
    }
  }
  if (queuedIds.length > 0) {
    await tx
      .update(notifications)
      .set({ emailState: 'queued', emailQueuedAt: sql`now()` })
      .where(and(eq(notifications.orgId, orgId), inArray(notifications.id, queuedIds)));
  }
  return { selected: pending.length, queued: queuedIds.length, failure };
}

/**
 * Queues the org's pending emails, `batchSize` rows per transaction, until a batch is not full.
 * Returns how many were queued; when an enqueue fails, the rows queued so far are committed as
 * queued and the error is thrown, so the calling job is retried.
 */
export async function queuePendingEmails(orgId: string, batchSize = PENDING_EMAIL_BATCH): Promise<number> {
  let queued = 0;
  for (;;) {
    const batch = await withTenant(orgId, { type: 'system', name: 'job:notifyInbox' }, (tx) =>
      queueBatch(tx, orgId, batchSize),
    );
    queued += batch.queued;
    if (batch.failure !== null) throw batch.failure;
    if (batch.selected < batchSize) return queued;
  }
}
