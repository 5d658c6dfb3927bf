/**
 * Fans one org's new activity events out into its members' inboxes (server/notifications/fanOut.ts)
 * and sends the immediate emails people asked for. Started for every org each minute by the cron
 * fan-out; a run that leaves events behind (more than one batch) starts the next run at once.
 * The fan-out runs in its own tenant transaction, which also marks each wanted email 'pending' on
 * its row; once it has committed, queuePendingEmails (server/notifications/pendingEmails.ts) queues
 * every pending email of the org — this run's and any an earlier run failed to queue — and marks
 * it 'queued'. An enqueue that fails leaves its email pending and fails this job, so the retry (or
 * the next run) queues it: an email is sent at least once, and its Bull job id (event × person)
 * keeps a repeated enqueue from adding a second job while the first waits. An email that must not
 * be sent (its person no longer an active member, or refused by sendEmail) is marked 'dropped'
 * and does not fail the job.
 * (The job's own transaction, opened by the worker, is left unused.)
 */
import { fanOutActivity } from '../../server/notifications/fanOut';
import { queuePendingEmails } from '../../server/notifications/pendingEmails';
import { withTenant } from '../../server/tenancy/withTenant';
import { defineJob, ZTenantJobScope } from '../define';
import { enqueue } from '../enqueue';

export const notifyInbox = defineJob({
  name: 'notifyInbox',
  payload: ZTenantJobScope,
  attempts: 5,
  handler: async ({ orgId }, { log }) => {
    const result = await withTenant(orgId, { type: 'system', name: 'job:notifyInbox' }, (tx) =>
      fanOutActivity(tx, orgId),
    );
    // Committed: the inbox rows, their pending emails and the cursor are durable.
    if (result.events > 0) log.debug({ events: result.events, notified: result.notified }, 'inboxes updated');
    // Before the emails, so an enqueue failure there does not hold up the rest of the fan-out.
    if (result.isMorePending) await enqueue(notifyInbox, { orgId });
    const emails = await queuePendingEmails(orgId, { log });
    if (emails.queued + emails.dropped > 0) log.debug(emails, 'pending emails settled');
  },
});
