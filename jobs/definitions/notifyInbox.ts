/**
 * Fans one org's new activity events out into its members' inboxes (server/notifications/fanOut.ts)
 * and sends the immediate emails people asked for. Started for every org each minute by the cron
 * fan-out; a run that leaves events behind (more than one batch) starts the next run at once.
 * The fan-out runs in its own tenant transaction, and the emails are enqueued only once it has
 * committed: a run whose commit fails has queued nothing, and its retry sends each email once.
 * Each email's Bull job id is derived from the inbox entry it announces (event and person), so an
 * enqueue repeated for the same entry (a retry, a second run) is not added while the first waits.
 * (The job's own transaction, opened by the worker, is left unused.)
 */
import { organizations } from '../../db/schema';
import { env } from '../../server/env';
import { fanOutActivity, type NotificationEmail } from '../../server/notifications/fanOut';
import { withTenant } from '../../server/tenancy/withTenant';
import { defineJob, ZTenantJobScope } from '../define';
import { enqueue } from '../enqueue';
import { sendEmail } from './sendEmail';

/** "invoice.payment_failed" → "invoice payment failed". */
export function readableType(type: string): string {
  return type.replace(/[._-]+/g, ' ').trim();
}

function emailFor(org: { name: string; slug: string }, email: NotificationEmail) {
  const link = new URL(`/o/${org.slug}/notifications`, env.APP_URL).toString();
  return {
    to: email.to,
    subject: `${org.name}: ${readableType(email.type)}`.slice(0, 200),
    text: `${readableType(email.type)} in ${org.name}.\n\nSee your notifications: ${link}\n\nYou receive this email because of your notification preferences in ${org.name}; change them on that page.`,
  };
}

/** One immediate email per inbox entry (event × person), whatever the number of runs that compute it. */
export function emailJobId(orgId: string, email: Pick<NotificationEmail, 'eventId' | 'userId'>): string {
  return `notify-${orgId}-${email.eventId}-${email.userId}`;
}

export const notifyInbox = defineJob({
  name: 'notifyInbox',
  payload: ZTenantJobScope,
  attempts: 5,
  handler: async ({ orgId }, { log }) => {
    const { result, org } = await withTenant(orgId, { type: 'system', name: 'job:notifyInbox' }, async (tx) => {
      const fannedOut = await fanOutActivity(tx, orgId);
      if (fannedOut.emails.length === 0) return { result: fannedOut, org: null };
      const [row] = await tx.select({ name: organizations.name, slug: organizations.slug }).from(organizations);
      if (!row) throw new Error('organization not visible in its own tenant transaction');
      return { result: fannedOut, org: row };
    });
    // Committed: the inbox rows and the cursor are durable before any email is queued.
    if (result.events === 0) return;
    log.debug({ events: result.events, notified: result.notified, emails: result.emails.length }, 'inboxes updated');
    if (org) {
      for (const email of result.emails) {
        await enqueue(
          sendEmail,
          { orgId, userId: email.userId, ...emailFor(org, email) },
          { jobId: emailJobId(orgId, email) },
        );
      }
    }
    if (result.isMorePending) await enqueue(notifyInbox, { orgId });
  },
});
