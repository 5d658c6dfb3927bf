/**
 * The notifyInbox job on the real PostgreSQL and Redis: the fan-out marks each wanted email
 * 'pending' on its inbox row, and the emails are recorded as sendEmail jobs (id: event × person)
 * in the outbox only after that commit, which the relay hands to Bull. An email is never lost —
 * while Redis refuses it, it waits in the outbox — and never queued twice, whatever the number of
 * runs. An email that must not be
 * sent — its person removed or deactivated meanwhile, or refused by the sendEmail job — is dropped,
 * and holds up nothing. Only the system settles an email: a member can mark their row read, never
 * change its email.
 */
import { and, eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifications } from '../../db/schema';
import {
  addTestMember,
  createTestOrg,
  writeActivity,
  type TestOrg,
  type TestUser,
} from '../../server/activity/testFixtures';
import { ALL_PERMISSIONS } from '../../server/shared/permissions';
import { sendEmail } from '../../server/jobs/definitions/sendEmail';
import { closeQueues, queueFor } from '../../server/jobs/queues';
import { handOffRecordedJobs } from '../../server/jobs/testFixtures';
import { deactivateMember, removeMember } from '../../server/members/lifecycle';
import { fanOutActivity } from '../../server/notifications/fanOut';
import { emailJobId, queuePendingEmails } from '../../server/notifications/pendingEmails';
import { listInbox, setPreference, unreadCount } from '../../server/notifications/service';
import { addMember } from '../../server/orgs/members';
import { closeRedis } from '../../server/redis';
import type { Principal } from '../../server/tenancy/principal';
import { withTenant, type Tx } from '../../server/tenancy/withTenant';
import { adminQuery, pgErrorFrom } from '../../test/db';
import { runHandler } from '../testFixtures';
import { notifyInboxHandler } from './notifyInbox';

let org: TestOrg;
/** Member emails on, in the inbox too (the default). */
let viewer: TestUser;
/** Member emails only: not in the inbox, not in the digest. */
let emailOnly: TestUser;

const fanOut = () =>
  withTenant(org.orgId, { type: 'system', name: 'job:notifyInbox' }, (tx) => fanOutActivity(tx, org.orgId));

async function turn(user: TestUser, channel: 'email' | 'in_app', isEnabled: boolean, inOrg: TestOrg = org) {
  await withTenant(inOrg.orgId, { type: 'user', userId: user.userId }, (tx) =>
    setPreference(tx, { orgId: inOrg.orgId, userId: user.userId }, { kind: 'member', channel, isEnabled }),
  );
}

/** A fresh org whose members all asked for member emails, its existing activity already fanned out. */
async function orgWithEmails(label: string, memberLabels: string[]): Promise<{ org: TestOrg; members: TestUser[] }> {
  const fresh = await createTestOrg(label);
  const members: TestUser[] = [];
  for (const memberLabel of memberLabels) members.push(await addTestMember(fresh, memberLabel, 'viewer'));
  // Creation and joins go to inboxes before anyone asks for email.
  await withTenant(fresh.orgId, { type: 'system', name: 'job:notifyInbox' }, (tx) => fanOutActivity(tx, fresh.orgId));
  for (const member of members) await turn(member, 'email', true, fresh);
  return { org: fresh, members };
}

/** The owner of `inOrg` deactivates or removes `member`, through the members service. */
async function ownerActsOn(inOrg: TestOrg, member: TestUser, action: typeof deactivateMember | typeof removeMember) {
  const rows = await adminQuery<{ id: string; user_id: string }>(
    'select id, user_id from memberships where org_id = $1 and user_id = any($2::uuid[])',
    [inOrg.orgId, [inOrg.owner.userId, member.userId]],
  );
  const membershipOf = (userId: string) => rows.find((row) => row.user_id === userId)!.id;
  await withTenant(inOrg.orgId, { type: 'user', userId: inOrg.owner.userId }, (tx) =>
    action(
      tx,
      {
        orgId: inOrg.orgId,
        userId: inOrg.owner.userId,
        membershipId: membershipOf(inOrg.owner.userId),
        permissions: new Set(ALL_PERMISSIONS),
      },
      membershipOf(member.userId),
    ),
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
  await clearQueuedEmails();
});

afterAll(async () => {
  await closeQueues();
  await closeRedis();
});

const runNotifyInbox = (orgId = org.orgId) => runHandler(notifyInboxHandler, { orgId });

/** The sendEmail jobs waiting in Redis once the relay has handed over those recorded, by id. */
async function queuedEmailIds(): Promise<string[]> {
  await handOffRecordedJobs();
  const jobs = await queueFor(sendEmail).getJobs(['waiting', 'delayed', 'active']);
  return jobs.map((job) => String(job.id)).sort();
}

/** Nothing recorded or queued is left for the next test. */
async function clearQueuedEmails(): Promise<void> {
  await handOffRecordedJobs();
  await queueFor(sendEmail).empty();
}

async function emailStates(eventId: number, orgId = org.orgId): Promise<Record<string, string | null>> {
  const rows = await adminQuery<{ user_id: string; email_state: string | null }>(
    'select user_id, email_state from notifications where org_id = $1 and event_id = $2',
    [orgId, eventId],
  );
  return Object.fromEntries(rows.map((row) => [row.user_id, row.email_state]));
}

describe('notifyInbox', () => {
  it('queues each immediate email once its fan-out has committed, once per inbox entry', async () => {
    const event = await writeActivity(org.orgId, org.owner.userId, 'member.removed', { memberName: 'Sam' });
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
        // The activity feed's sentence: who did what, to whom.
        subject: `Org notify-once: ${org.owner.name} removed Sam`,
        text: expect.stringContaining(`In Org notify-once: ${org.owner.name} removed Sam.`),
      });
      expect(await emailStates(event.id)).toEqual({ [viewer.userId]: 'queued', [emailOnly.userId]: 'queued' });

      // A second run finds nothing new and queues nothing.
      await runNotifyInbox();
      expect(await queuedEmailIds()).toEqual([...ids].sort());
    } finally {
      await clearQueuedEmails();
    }
  });

  it('emails a person who asked for email only, without an inbox entry or an unread count', async () => {
    const who = { orgId: org.orgId, userId: emailOnly.userId };
    const unreadBefore = await withTenant(org.orgId, { type: 'user', userId: emailOnly.userId }, (tx) =>
      unreadCount(tx, who),
    );
    const event = await writeActivity(org.orgId, org.owner.userId, 'member.roles_changed', {
      memberName: 'Bo',
      roles: ['Admin'],
    });
    await runNotifyInbox();

    const jobId = emailJobId(org.orgId, { eventId: event.id, userId: emailOnly.userId });
    try {
      expect(await queuedEmailIds()).toContain(jobId);
      expect((await queueFor(sendEmail).getJob(jobId))?.data).toMatchObject({
        to: expect.stringContaining(emailOnly.userId),
        subject: `Org notify-once: ${org.owner.name} changed Bo’s roles to Admin`,
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
      await clearQueuedEmails();
    }
  });

  it('settles the emails without Redis; they wait in the outbox while Redis refuses them, then queue once', async () => {
    const event = await writeActivity(org.orgId, org.owner.userId, 'member.left', { name: 'Kim' });
    await fanOut();
    expect(await emailStates(event.id)).toEqual({ [viewer.userId]: 'pending', [emailOnly.userId]: 'pending' });

    // The sendEmail queue loses its Redis connection: the run does not need it, the hand-off fails.
    const unreachable = queueFor(sendEmail);
    await unreachable.close();
    await runNotifyInbox();
    expect(await emailStates(event.id)).toEqual({ [viewer.userId]: 'queued', [emailOnly.userId]: 'queued' });
    await expect(handOffRecordedJobs()).rejects.toThrow(/closed/i);
    const waiting = await adminQuery<{ n: number }>(
      `select count(*)::int as n from outbox where org_id = $1 and topic = 'jobs'`,
      [org.orgId],
    );
    expect(waiting[0]!.n).toBe(2);

    // Redis is back (a new connection): the hand-off queues both, and later runs add nothing.
    await closeQueues();
    const ids = [viewer, emailOnly].map((user) => emailJobId(org.orgId, { eventId: event.id, userId: user.userId }));
    try {
      expect(await queuedEmailIds()).toEqual([...ids].sort());
      await runNotifyInbox();
      expect(await queuedEmailIds()).toEqual([...ids].sort());
    } finally {
      await clearQueuedEmails();
    }
  });

  it('drops an email the sendEmail job refuses, queues the others of the batch, and the run does not fail', async () => {
    // An address that the sendEmail job's schema refuses (two dots in a row).
    const { org: other, members } = await orgWithEmails('notify-refused', ['notify-refused-fine', 'notify..refused']);
    const [fine, refused] = members as [TestUser, TestUser];
    const events = [
      await writeActivity(other.orgId, other.owner.userId, 'member.left', { name: 'Dee' }),
      await writeActivity(other.orgId, other.owner.userId, 'member.left', { name: 'Eli' }),
    ];
    await withTenant(other.orgId, { type: 'system', name: 'job:notifyInbox' }, (tx) => fanOutActivity(tx, other.orgId));
    const logged: string[] = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => void logged.push(line) });
    try {
      expect(await queuePendingEmails(other.orgId, { log })).toEqual({ queued: 2, dropped: 2 });
      const rows = await adminQuery<{
        id: string;
        user_id: string;
        email_state: string;
        email_settled_at: Date | null;
      }>(
        `select id, user_id, email_state, email_settled_at from notifications
          where org_id = $1 and event_id = any($2::bigint[]) order by id`,
        [other.orgId, events.map((event) => event.id)],
      );
      expect(rows.filter((row) => row.user_id === fine.userId).map((row) => row.email_state)).toEqual([
        'queued',
        'queued',
      ]);
      const dropped = rows.filter((row) => row.user_id === refused.userId);
      expect(dropped.map((row) => row.email_state)).toEqual(['dropped', 'dropped']);
      expect(rows.every((row) => row.email_settled_at !== null)).toBe(true);
      expect(await queuedEmailIds()).toEqual(
        events.map((event) => emailJobId(other.orgId, { eventId: event.id, userId: fine.userId })).sort(),
      );
      // One warning per dropped email, naming its notification, never its address.
      const warnings = logged.map((line) => JSON.parse(line) as { level: number; notificationId?: number });
      expect(warnings.filter((w) => w.level === 40).map((w) => String(w.notificationId))).toEqual(
        dropped.map((row) => row.id),
      );
      expect(logged.join('')).not.toContain('notify..refused');

      // The org's later emails are not held up: the job runs, and the refused ones stay dropped.
      const later = await writeActivity(other.orgId, other.owner.userId, 'member.left', { name: 'Flo' });
      await runNotifyInbox(other.orgId);
      expect(await emailStates(later.id, other.orgId)).toEqual({
        [fine.userId]: 'queued',
        [refused.userId]: 'dropped',
      });
    } finally {
      await clearQueuedEmails();
    }
  });

  it("drops a removed member's pending email instead of queueing it, even once they rejoin", async () => {
    const { org: other, members } = await orgWithEmails('notify-removed', [
      'notify-removed-stays',
      'notify-removed-goes',
    ]);
    const [stays, goes] = members as [TestUser, TestUser];
    const event = await writeActivity(other.orgId, other.owner.userId, 'member.left', { name: 'Gil' });
    await withTenant(other.orgId, { type: 'system', name: 'job:notifyInbox' }, (tx) => fanOutActivity(tx, other.orgId));
    expect(await emailStates(event.id, other.orgId)).toEqual({ [stays.userId]: 'pending', [goes.userId]: 'pending' });

    await ownerActsOn(other, goes, removeMember);
    const goesJob = emailJobId(other.orgId, { eventId: event.id, userId: goes.userId });
    try {
      await runNotifyInbox(other.orgId);
      expect(await emailStates(event.id, other.orgId)).toEqual({ [stays.userId]: 'queued', [goes.userId]: 'dropped' });
      expect(await queuedEmailIds()).toContain(emailJobId(other.orgId, { eventId: event.id, userId: stays.userId }));
      expect(await queuedEmailIds()).not.toContain(goesJob);

      // They join again: what was meant for them before is not sent now.
      await withTenant(other.orgId, { type: 'user', userId: goes.userId }, (tx) =>
        addMember(tx, { orgId: other.orgId, userId: goes.userId, roleKey: 'viewer' }),
      );
      await runNotifyInbox(other.orgId);
      expect(await emailStates(event.id, other.orgId)).toMatchObject({ [goes.userId]: 'dropped' });
      expect(await queuedEmailIds()).not.toContain(goesJob);
    } finally {
      await clearQueuedEmails();
    }
  });

  it("drops a deactivated member's pending email instead of queueing it", async () => {
    const { org: other, members } = await orgWithEmails('notify-deactivated', [
      'notify-deactivated-stays',
      'notify-deactivated-goes',
    ]);
    const [stays, goes] = members as [TestUser, TestUser];
    const event = await writeActivity(other.orgId, other.owner.userId, 'member.left', { name: 'Hal' });
    await withTenant(other.orgId, { type: 'system', name: 'job:notifyInbox' }, (tx) => fanOutActivity(tx, other.orgId));
    expect(await emailStates(event.id, other.orgId)).toEqual({ [stays.userId]: 'pending', [goes.userId]: 'pending' });

    await ownerActsOn(other, goes, deactivateMember);
    try {
      await runNotifyInbox(other.orgId);
      expect(await emailStates(event.id, other.orgId)).toEqual({ [stays.userId]: 'queued', [goes.userId]: 'dropped' });
      expect(await queuedEmailIds()).toContain(emailJobId(other.orgId, { eventId: event.id, userId: stays.userId }));
      expect(await queuedEmailIds()).not.toContain(emailJobId(other.orgId, { eventId: event.id, userId: goes.userId }));
    } finally {
      await clearQueuedEmails();
    }
  });

  it('lets only a system transaction of the org settle a pending email, once, as queued or dropped', async () => {
    const event = await writeActivity(org.orgId, org.owner.userId, 'member.left', { name: 'Ivo' });
    await fanOut();
    const rows = await adminQuery<{ id: string; user_id: string }>(
      'select id, user_id from notifications where org_id = $1 and event_id = $2',
      [org.orgId, event.id],
    );
    const idOf = (user: TestUser) => Number(rows.find((row) => row.user_id === user.userId)!.id);
    const settleAs = (actor: Principal, ids: number[], state: string, orgId = org.orgId) =>
      withTenant(org.orgId, actor, async (tx) => {
        const result = await tx.execute<{ id: string }>(
          sql`select id from app_settle_notification_emails(${orgId}::uuid, ${sql.param(ids)}::bigint[], ${state}) as id`,
        );
        return result.rows.map((row) => Number(row.id));
      });
    const system: Principal = { type: 'system', name: 'test' };
    const both = [idOf(viewer), idOf(emailOnly)];
    try {
      // A member may not settle their own email; nor may another org's transaction settle this one.
      expect(await pgErrorFrom(settleAs({ type: 'user', userId: viewer.userId }, both, 'dropped'))).toMatchObject({
        code: '42501',
        message: 'notification emails are settled only by the system',
      });
      const elsewhere = await createTestOrg('notify-settle-elsewhere');
      expect(await pgErrorFrom(settleAs(system, both, 'dropped', elsewhere.orgId))).toMatchObject({ code: '42501' });
      expect(await pgErrorFrom(settleAs(system, both, 'pending'))).toMatchObject({ code: '22023' });
      // Nor by a plain UPDATE, the system included: the runtime role may not write those columns.
      const update = withTenant(org.orgId, system, (tx) =>
        tx
          .update(notifications)
          .set({ emailState: 'dropped' })
          .where(and(eq(notifications.orgId, org.orgId), eq(notifications.id, idOf(emailOnly)))),
      );
      expect(await pgErrorFrom(update)).toMatchObject({ code: '42501' });
      expect(await emailStates(event.id)).toEqual({ [viewer.userId]: 'pending', [emailOnly.userId]: 'pending' });

      expect(await settleAs(system, [idOf(viewer)], 'dropped')).toEqual([idOf(viewer)]);
      // Settled for good: not queued after all; only the other, still pending, is.
      expect(await settleAs(system, both, 'queued')).toEqual([idOf(emailOnly)]);
      expect(await settleAs(system, both, 'dropped')).toEqual([]);
      expect(await emailStates(event.id)).toEqual({ [viewer.userId]: 'dropped', [emailOnly.userId]: 'queued' });
      const [settled] = await adminQuery<{ queued: boolean; dropped: boolean }>(
        `select bool_and(email_queued_at is not null and email_settled_at is not null) filter (where email_state = 'queued') as queued,
                bool_and(email_queued_at is null and email_settled_at is not null) filter (where email_state = 'dropped') as dropped
           from notifications where org_id = $1 and event_id = $2`,
        [org.orgId, event.id],
      );
      expect(settled).toEqual({ queued: true, dropped: true });
    } finally {
      await queuePendingEmails(org.orgId);
      await clearQueuedEmails();
    }
  });

  it('never lets a member change the email of their own notification, while they can still mark it read', async () => {
    const event = await writeActivity(org.orgId, org.owner.userId, 'member.left', { name: 'Jo' });
    await fanOut();
    await queuePendingEmails(org.orgId);
    await clearQueuedEmails();
    const asViewer = <T>(fn: (tx: Tx) => Promise<T>) =>
      withTenant(org.orgId, { type: 'user', userId: viewer.userId }, fn);
    const own = and(
      eq(notifications.orgId, org.orgId),
      eq(notifications.eventId, event.id),
      eq(notifications.userId, viewer.userId),
    );
    expect(await emailStates(event.id)).toMatchObject({ [viewer.userId]: 'queued' });

    for (const change of [
      () => asViewer((tx) => tx.update(notifications).set({ emailState: 'pending' }).where(own)),
      () => asViewer((tx) => tx.update(notifications).set({ emailState: 'dropped', emailSettledAt: null }).where(own)),
      () => asViewer((tx) => tx.update(notifications).set({ emailSettledAt: null }).where(own)),
      () => asViewer((tx) => tx.update(notifications).set({ emailQueuedAt: null }).where(own)),
    ]) {
      expect(await pgErrorFrom(change)).toMatchObject({
        code: '42501',
        message: 'permission denied for table notifications',
      });
    }
    expect(await emailStates(event.id)).toMatchObject({ [viewer.userId]: 'queued' });
    // Nothing is queued again: the row was not sent back to pending.
    expect(await queuePendingEmails(org.orgId)).toEqual({ queued: 0, dropped: 0 });
    expect(await queuedEmailIds()).toEqual([]);

    const marked = await asViewer((tx) =>
      tx
        .update(notifications)
        .set({ readAt: sql`now()` })
        .where(own)
        .returning({ id: notifications.id }),
    );
    expect(marked).toHaveLength(1);
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
      const counts = await Promise.all([
        queuePendingEmails(org.orgId, { batchSize: 1 }),
        queuePendingEmails(org.orgId, { batchSize: 1 }),
      ]);
      expect(counts[0].queued + counts[1].queued).toBe(ids.length);
      expect(await queuedEmailIds()).toEqual([...ids].sort());

      // A sent email's job leaves Redis (sendEmail holds secrets); its row stays queued, so a
      // later call does not add it again.
      await clearQueuedEmails();
      expect(await queuePendingEmails(org.orgId)).toEqual({ queued: 0, dropped: 0 });
      expect(await queuedEmailIds()).toEqual([]);
    } finally {
      await clearQueuedEmails();
    }
  });
});
