/**
 * Fans one org's new activity events out into its members' inboxes (server/notifications/fanOut.ts)
 * and sends the immediate emails people asked for. Started for every org each minute by the cron
 * fan-out; a run that leaves events behind (more than one batch) starts the next run at once.
 * Emails are enqueued last, so a run that fails before them is retried without having sent any.
 */
import { organizations } from '../../db/schema';
import { env } from '../../server/env';
import { fanOutActivity, type NotificationEmail } from '../../server/notifications/fanOut';
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

export const notifyInbox = defineJob({
  name: 'notifyInbox',
  payload: ZTenantJobScope,
  attempts: 5,
  handler: async ({ orgId }, { tx, log }) => {
    const result = await fanOutActivity(tx, orgId);
    if (result.events === 0) return;
    log.debug({ events: result.events, notified: result.notified, emails: result.emails.length }, 'inboxes updated');
    if (result.emails.length > 0) {
      const [org] = await tx.select({ name: organizations.name, slug: organizations.slug }).from(organizations);
      if (!org) throw new Error('organization not visible in its own tenant transaction');
      for (const email of result.emails) {
        await enqueue(sendEmail, { orgId, userId: email.userId, ...emailFor(org, email) });
      }
    }
    if (result.isMorePending) await enqueue(notifyInbox, { orgId });
  },
});
