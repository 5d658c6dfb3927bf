/**
 * The notifyInbox job queues immediate emails only once its fan-out has committed, each under a
 * job id derived from the inbox entry (event × person): a failed commit queues nothing, and
 * queueing the same entry again does not add a second email.
 */
import type Bull from 'bull';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { emailJobId, notifyInbox } from '../../jobs/definitions/notifyInbox';
import { sendEmail } from '../../jobs/definitions/sendEmail';
import { jobProcessor } from '../../jobs/processors/runJob';
import { closeQueues, queueFor } from '../../jobs/queues';
import { adminQuery } from '../../test/db';
import { addTestMember, createTestOrg, writeActivity, type TestOrg, type TestUser } from '../activity/testFixtures';
import { closeRedis } from '../redis';
import { withTenant } from '../tenancy/withTenant';
import { fanOutActivity } from './fanOut';
import { setPreference } from './service';

/** Each sendEmail enqueue, with the notification cursor other connections saw at that moment. */
const enqueued = vi.hoisted(() => [] as { jobId: string | undefined; committedCursor: number | null }[]);

vi.mock('../../jobs/enqueue', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../jobs/enqueue')>();
  return {
    ...actual,
    enqueue: (async (job, payload, options) => {
      if (job.name === 'sendEmail') {
        const orgId = (payload as { orgId: string }).orgId;
        const [row] = await adminQuery<{ last_event_id: string }>(
          'select last_event_id from notification_cursors where org_id = $1',
          [orgId],
        );
        enqueued.push({ jobId: options?.jobId, committedCursor: row ? Number(row.last_event_id) : null });
      }
      return actual.enqueue(job, payload, options);
    }) as typeof actual.enqueue,
  };
});

let org: TestOrg;
let viewer: TestUser;

beforeAll(async () => {
  org = await createTestOrg('notify-once');
  viewer = await addTestMember(org, 'notify-once-viewer', 'viewer');
  await withTenant(org.orgId, { type: 'user', userId: viewer.userId }, (tx) =>
    setPreference(
      tx,
      { orgId: org.orgId, userId: viewer.userId },
      { kind: 'member', channel: 'email', isEnabled: true },
    ),
  );
  // Creation and joins go to inboxes now; the test sees only its own event.
  await withTenant(org.orgId, { type: 'system', name: 'job:notifyInbox' }, (tx) => fanOutActivity(tx, org.orgId));
});

afterAll(async () => {
  await closeQueues();
  await closeRedis();
});

function jobOf(orgId: string): Bull.Job {
  return { id: 'test', data: { orgId }, attemptsMade: 0, discard: () => undefined } as unknown as Bull.Job;
}

describe('notifyInbox', () => {
  it('queues an immediate email after the fan-out committed, once per inbox entry', async () => {
    const event = await writeActivity(org.orgId, org.owner.userId, 'member.left', { name: 'Sam' });
    await jobProcessor(notifyInbox)(jobOf(org.orgId));

    const jobId = emailJobId(org.orgId, { eventId: event.id, userId: viewer.userId });
    expect(enqueued.map((call) => call.jobId)).toEqual([jobId]);
    // Another connection already saw the cursor past the event: the transaction had committed.
    expect(enqueued[0]!.committedCursor).toBeGreaterThanOrEqual(event.id);

    const queue = queueFor(sendEmail);
    try {
      // The same entry queued again (a retry) is not a second email.
      const again = await queue.add(
        { orgId: org.orgId, userId: viewer.userId, to: 'x@example.test', subject: 's', text: 't' },
        { jobId },
      );
      expect(String(again.id)).toBe(jobId);
      const waiting = (await queue.getJobs(['waiting', 'delayed', 'active'])).filter((job) => String(job.id) === jobId);
      expect(waiting).toHaveLength(1);
      expect(waiting[0]!.data).toMatchObject({ to: expect.stringContaining(viewer.userId) });

      // A second run finds nothing new and queues nothing.
      await jobProcessor(notifyInbox)(jobOf(org.orgId));
      expect(enqueued).toHaveLength(1);
    } finally {
      await (await queue.getJob(jobId))?.remove();
    }
  });
});
