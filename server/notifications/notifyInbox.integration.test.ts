/**
 * The notifyInbox job on the real PostgreSQL and Redis: the fan-out marks each wanted email
 * 'pending' on its inbox row, and the emails are queued as sendEmail jobs (id: event × person) only
 * after that commit. An email is never lost — an enqueue that fails leaves it pending and a later
 * run queues it — and never queued twice, whatever the number of runs.
 */
import type Bull from 'bull';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifyInbox } from '../../jobs/definitions/notifyInbox';
import { sendEmail } from '../../jobs/definitions/sendEmail';
import { jobProcessor } from '../../jobs/processors/runJob';
import { closeQueues, queueFor } from '../../jobs/queues';
import { adminQuery } from '../../test/db';
import { addTestMember, createTestOrg, writeActivity, type TestOrg, type TestUser } from '../activity/testFixtures';
import { closeRedis } from '../redis';
import { withTenant } from '../tenancy/withTenant';
import { fanOutActivity } from './fanOut';
import { emailJobId, queuePendingEmails } from './pendingEmails';
import { listInbox, setPreference, unreadCount } from './service';

let org: TestOrg;
/** Member emails on, in the inbox too (the default). */
let viewer: TestUser;
/** Member emails only: not in the inbox, not in the digest. */
let emailOnly: TestUser;

const fanOut = () =>
  withTenant(org.orgId, { type: 'system', name: 'job:notifyInbox' }, (tx) => fanOutActivity(tx, org.orgId));

async function turn(user: TestUser, channel: 'email' | 'in_app', isEnabled: boolean) {
  await withTenant(org.orgId, { type: 'user', userId: user.userId }, (tx) =>
    setPreference(tx, { orgId: org.orgId, userId: user.userId }, { kind: 'member', channel, isEnabled }),
  );
}

beforeAll(async () => {
  org = await createTestOrg('notify-once');
  viewer = await addTestMember(org, 'notify-once-viewer', 'viewer');
  emailOnly = await addTestMember(org, 'notify-once-mailonly', 'viewer');
  await turn(viewer, 'email', true);
  await turn(emailOnly, 'email', true);
  await turn(emailOnly, 'in_app', false);
  // Creation and joins go to inboxes now, and their emails are queued and dropped from Redis:
  // each test sees only its own events and jobs.
  await fanOut();
  await queuePendingEmails(org.orgId);
  await queueFor(sendEmail).empty();
});

afterAll(async () => {
  await closeQueues();
  await closeRedis();
});

function jobOf(orgId: string): Bull.Job {
  return { id: 'test', data: { orgId }, attemptsMade: 0, discard: () => undefined } as unknown as Bull.Job;
}

const runNotifyInbox = () => jobProcessor(notifyInbox)(jobOf(org.orgId));

/** The sendEmail jobs waiting in Redis, by id. */
async function queuedEmailIds(): Promise<string[]> {
  const jobs = await queueFor(sendEmail).getJobs(['waiting', 'delayed', 'active']);
  return jobs.map((job) => String(job.id)).sort();
}

async function emailStates(eventId: number): Promise<Record<string, string | null>> {
  const rows = await adminQuery<{ user_id: string; email_state: string | null }>(
    'select user_id, email_state from notifications where org_id = $1 and event_id = $2',
    [org.orgId, eventId],
  );
  return Object.fromEntries(rows.map((row) => [row.user_id, row.email_state]));
}

describe('notifyInbox', () => {
  it('queues each immediate email once its fan-out has committed, once per inbox entry', async () => {
    const event = await writeActivity(org.orgId, org.owner.userId, 'member.left', { name: 'Sam' });
    await runNotifyInbox();

    const ids = [emailJobId(org.orgId, { eventId: event.id, userId: viewer.userId })];
    ids.push(emailJobId(org.orgId, { eventId: event.id, userId: emailOnly.userId }));
    try {
      expect(await queuedEmailIds()).toEqual([...ids].sort());
      const job = await queueFor(sendEmail).getJob(ids[0]!);
      expect(job?.data).toMatchObject({
        orgId: org.orgId,
        userId: viewer.userId,
        to: expect.stringContaining(viewer.userId),
        subject: 'Org notify-once: member left',
      });
      expect(await emailStates(event.id)).toEqual({ [viewer.userId]: 'queued', [emailOnly.userId]: 'queued' });

      // A second run finds nothing new and queues nothing.
      await runNotifyInbox();
      expect(await queuedEmailIds()).toEqual([...ids].sort());
    } finally {
      await queueFor(sendEmail).empty();
    }
  });

  it('emails a person who asked for email only, without an inbox entry or an unread count', async () => {
    const who = { orgId: org.orgId, userId: emailOnly.userId };
    const unreadBefore = await withTenant(org.orgId, { type: 'user', userId: emailOnly.userId }, (tx) =>
      unreadCount(tx, who),
    );
    const event = await writeActivity(org.orgId, org.owner.userId, 'member.roles_changed', { role: 'Admin' });
    await runNotifyInbox();

    const jobId = emailJobId(org.orgId, { eventId: event.id, userId: emailOnly.userId });
    try {
      expect(await queuedEmailIds()).toContain(jobId);
      expect((await queueFor(sendEmail).getJob(jobId))?.data).toMatchObject({
        to: expect.stringContaining(emailOnly.userId),
        subject: 'Org notify-once: member roles changed',
      });
      const [row] = await adminQuery<{ in_inbox: boolean; in_digest: boolean }>(
        'select in_inbox, in_digest from notifications where org_id = $1 and event_id = $2 and user_id = $3',
        [org.orgId, event.id, emailOnly.userId],
      );
      expect(row).toEqual({ in_inbox: false, in_digest: false });
      const seen = await withTenant(org.orgId, { type: 'user', userId: emailOnly.userId }, async (tx) => ({
        inbox: await listInbox(tx, who, { limit: 100 }),
        unread: await unreadCount(tx, who),
      }));
      expect(seen.inbox.items.map((item) => item.eventId)).not.toContain(event.id);
      expect(seen.unread).toBe(unreadBefore);
    } finally {
      await queueFor(sendEmail).empty();
    }
  });

  it('keeps the emails pending when queueing them fails, and a later run queues each exactly once', async () => {
    const event = await writeActivity(org.orgId, org.owner.userId, 'member.left', { name: 'Kim' });
    await fanOut();
    expect(await emailStates(event.id)).toEqual({ [viewer.userId]: 'pending', [emailOnly.userId]: 'pending' });

    // The sendEmail queue loses its Redis connection: every enqueue fails for real.
    const unreachable = queueFor(sendEmail);
    await unreachable.close();
    await expect(queuePendingEmails(org.orgId)).rejects.toThrow(/closed/i);
    await expect(runNotifyInbox()).rejects.toThrow(/closed/i);
    expect(await emailStates(event.id)).toEqual({ [viewer.userId]: 'pending', [emailOnly.userId]: 'pending' });

    // Redis is back (a new connection): the next run queues both, and later runs add nothing.
    await closeQueues();
    const ids = [viewer, emailOnly].map((user) => emailJobId(org.orgId, { eventId: event.id, userId: user.userId }));
    try {
      await runNotifyInbox();
      expect(await queuedEmailIds()).toEqual([...ids].sort());
      expect(await emailStates(event.id)).toEqual({ [viewer.userId]: 'queued', [emailOnly.userId]: 'queued' });
      await runNotifyInbox();
      expect(await queuedEmailIds()).toEqual([...ids].sort());
    } finally {
      await queueFor(sendEmail).empty();
    }
  });

  it('queues the other emails of a batch when one is refused, keeps that one pending, and throws so the job is retried', async () => {
    const other = await createTestOrg('notify-refused');
    const fine = await addTestMember(other, 'notify-refused-fine', 'viewer');
    // An address that the sendEmail job's schema refuses (two dots in a row).
    const refused = await addTestMember(other, 'notify..refused', 'viewer');
    const fanOutOther = () =>
      withTenant(other.orgId, { type: 'system', name: 'job:notifyInbox' }, (tx) => fanOutActivity(tx, other.orgId));
    // Creation and joins go to inboxes before anyone asks for email.
    await fanOutOther();
    for (const user of [fine, refused]) {
      await withTenant(other.orgId, { type: 'user', userId: user.userId }, (tx) =>
        setPreference(
          tx,
          { orgId: other.orgId, userId: user.userId },
          { kind: 'member', channel: 'email', isEnabled: true },
        ),
      );
    }
    const events = [
      await writeActivity(other.orgId, other.owner.userId, 'member.left', { name: 'Dee' }),
      await writeActivity(other.orgId, other.owner.userId, 'member.left', { name: 'Eli' }),
    ];
    await fanOutOther();
    try {
      await expect(queuePendingEmails(other.orgId)).rejects.toThrow(/refused: invalid payload/);
      const states = await adminQuery<{ user_id: string; email_state: string }>(
        'select user_id, email_state from notifications where org_id = $1 and event_id = any($2::bigint[])',
        [other.orgId, events.map((event) => event.id)],
      );
      expect(states.filter((row) => row.user_id === fine.userId).map((row) => row.email_state)).toEqual([
        'queued',
        'queued',
      ]);
      expect(states.filter((row) => row.user_id === refused.userId).map((row) => row.email_state)).toEqual([
        'pending',
        'pending',
      ]);
      expect(await queuedEmailIds()).toEqual(
        events.map((event) => emailJobId(other.orgId, { eventId: event.id, userId: fine.userId })).sort(),
      );
    } finally {
      await queueFor(sendEmail).empty();
    }
  });

  it('queues an email once however often, and however concurrently, the pending emails are queued', async () => {
    const events = [
      await writeActivity(org.orgId, org.owner.userId, 'member.left', { name: 'Ann' }),
      await writeActivity(org.orgId, org.owner.userId, 'member.left', { name: 'Bo' }),
      await writeActivity(org.orgId, org.owner.userId, 'member.left', { name: 'Cy' }),
    ];
    await fanOut();
    const ids = events.flatMap((event) =>
      [viewer, emailOnly].map((user) => emailJobId(org.orgId, { eventId: event.id, userId: user.userId })),
    );

    try {
      // Two at once, in batches of one: the rows each takes are locked, so the other skips them.
      const counts = await Promise.all([queuePendingEmails(org.orgId, 1), queuePendingEmails(org.orgId, 1)]);
      expect(counts[0]! + counts[1]!).toBe(ids.length);
      expect(await queuedEmailIds()).toEqual([...ids].sort());

      // A sent email's job leaves Redis (sendEmail holds secrets); its row stays queued, so a
      // later call does not add it again.
      await queueFor(sendEmail).empty();
      expect(await queuePendingEmails(org.orgId)).toBe(0);
      expect(await queuedEmailIds()).toEqual([]);
    } finally {
      await queueFor(sendEmail).empty();
    }
  });
});
