/**
 * Fans one org's new activity events out into its members' inboxes (server/notifications/fanOut.ts)
 * and settles the immediate emails people asked for. A run that leaves events behind (more than
 * one batch) starts the next run at once.
 * The fan-out runs in a short transaction of its own, which also marks each wanted email 'pending'
 * on its row; once it has committed, queuePendingEmails (server/notifications/pendingEmails.ts)
 * records a sendEmail job in the outbox for every pending email of the org — this run's and any an
 * earlier run left — and marks it 'queued' in the same transaction, so an email is sent at least
 * once. An email that must not be sent (its person no longer an active member, or refused by
 * sendEmail) is marked 'dropped' and does not fail the job. No transaction is open while the
 * next run is enqueued.
 */
import { notifyInbox } from '../../server/jobs/definitions/notifyInbox';
import { enqueue } from '../../server/jobs/enqueue';
import { fanOutActivity } from '../../server/notifications/fanOut';
import { queuePendingEmails } from '../../server/notifications/pendingEmails';
import { handleJob } from '../handler';

export const notifyInboxHandler = handleJob(notifyInbox, async ({ orgId }, { inTenant, log }) => {
  const result = await inTenant((tx) => fanOutActivity(tx, orgId));
  // Committed: the inbox rows, their pending emails and the cursor are durable.
  if (result.events > 0) log.debug({ events: result.events, notified: result.notified }, 'inboxes updated');
  // Before the emails, so an enqueue failure there does not hold up the rest of the fan-out.
  if (result.isMorePending) await enqueue(notifyInbox, { orgId });
  const emails = await queuePendingEmails(orgId, { log });
  if (emails.queued + emails.dropped > 0) log.debug(emails, 'pending emails settled');
});
