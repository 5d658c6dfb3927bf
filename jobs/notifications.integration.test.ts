/**
 * The notification jobs through the real worker, relay, Redis and PostgreSQL: the fan-out, the
 * immediate emails (recorded in the outbox, handed to Bull by the relay) and the daily digest run
 * as Bull jobs and reach the dev mailbox; the relay starts the fan-out as soon as it has published.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addTestMember,
  createTestOrg,
  writeActivity,
  type TestOrg,
  type TestUser,
} from '../server/activity/testFixtures';
import { notifyInbox } from '../server/jobs/definitions/notifyInbox';
import { sendDigest } from '../server/jobs/definitions/sendDigest';
import { enqueue } from '../server/jobs/enqueue';
import { closeQueues } from '../server/jobs/queues';
import { fanOutActivity } from '../server/notifications/fanOut';
import { withTenant } from '../server/tenancy/withTenant';
import { createContext } from '../server/trpc/context';
import { createCaller } from '../server/trpc/router';
import { startLiveServer, waitFor, type LiveServer } from '../test/live';
import { readMailbox } from './mailer';
import { startWorkers } from './worker';

async function callerFor(user: TestUser) {
  return createCaller(await createContext({ headers: { cookie: user.cookie }, ip: null }));
}

let live: LiveServer;
let org: TestOrg;
let viewer: TestUser;
let billing: TestUser;

beforeAll(async () => {
  live = await startLiveServer();
  org = await createTestOrg('notify-jobs');
  viewer = await addTestMember(org, 'notify-jobs-viewer', 'viewer');
  billing = await addTestMember(org, 'notify-jobs-billing', 'billing');
  await (
    await callerFor(viewer)
  ).notifications.setPreference({ orgSlug: org.slug, kind: 'member', channel: 'email', isEnabled: true });
  // Everything so far (creation, joins) goes to inboxes now, so each test sees only its own events.
  await withTenant(org.orgId, { type: 'system', name: 'job:notifyInbox' }, (tx) => fanOutActivity(tx, org.orgId));
});

afterAll(async () => {
  await live.close();
  await closeQueues();
});

describe('notification jobs', () => {
  it('runs the fan-out, the immediate email and the daily digest as jobs that reach the mailbox', async () => {
    const workers = await startWorkers({ crons: [] });
    try {
      const asBilling = await callerFor(billing);
      await asBilling.notifications.setPreference({
        orgSlug: org.slug,
        kind: 'invoice',
        channel: 'digest',
        isEnabled: true,
      });
      const asViewer = await callerFor(viewer);
      const written = await writeActivity(org.orgId, org.owner.userId, 'member.roles_changed', {
        memberName: 'Bo',
        roles: ['Admin'],
      });
      await writeActivity(org.orgId, org.owner.userId, 'invoice.paid', {
        number: 'ACME-0007',
        amountPaid: 700,
        currency: 'eur',
      });
      await enqueue(notifyInbox, { orgId: org.orgId });
      // The viewer asked for member emails: it arrives by the sendEmail job.
      const mailTo = async (userEmailPart: string, subjectPart: string) =>
        (await readMailbox()).filter((mail) => mail.to.includes(userEmailPart) && mail.subject.includes(subjectPart));
      await waitFor(
        async () => (await mailTo(viewer.userId, `${org.owner.name} changed Bo’s roles to Admin`)).length === 1,
      );
      expect((await asViewer.notifications.list({ orgSlug: org.slug })).items[0]).toMatchObject({
        eventId: written.id,
        type: 'member.roles_changed',
      });

      await enqueue(sendDigest, { orgId: org.orgId });
      await waitFor(async () => (await mailTo(billing.userId, 'daily digest')).length === 1);
      const [digest] = await mailTo(billing.userId, 'daily digest');
      expect(digest?.text).toContain('Invoice ACME-0007 (€7.00) was paid');
      expect(digest?.text).toContain(`/o/${org.slug}/notifications`);
      // Digested entries are not sent again.
      await enqueue(sendDigest, { orgId: org.orgId });
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(await mailTo(billing.userId, 'daily digest')).toHaveLength(1);
    } finally {
      await workers.close();
    }
  }, 40_000);

  it('starts the fan-out as soon as the relay has published, without waiting for the cron', async () => {
    const workers = await startWorkers({ crons: [] });
    try {
      const written = await writeActivity(org.orgId, org.owner.userId, 'org.updated', { fields: ['taxId'] });
      const asViewer = await callerFor(viewer);
      await waitFor(async () =>
        (await asViewer.notifications.list({ orgSlug: org.slug })).items.some((item) => item.eventId === written.id),
      );
    } finally {
      await workers.close();
    }
  }, 30_000);
});
