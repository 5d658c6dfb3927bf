/**
 * Invitation emails recorded in the outbox with the invitations' transaction: none when it rolls
 * back, each once when it commits, reaching the sendEmail queue only through the relay's
 * hand-off, and gone from the outbox once handed (the link is a secret).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestOrg, type TestOrg } from '../activity/testFixtures';
import { sendEmail } from '../jobs/definitions/sendEmail';
import { closeQueues, queueFor } from '../jobs/queues';
import { handOffRecordedJobs, recordedJobPayloads } from '../jobs/testFixtures';
import { withTenant } from '../tenancy/withTenant';
import { recordInvitationEmails, type InvitationSender } from './email';
import type { InvitationMail } from './invite';

let org: TestOrg;
let sender: InvitationSender;

beforeAll(async () => {
  org = await createTestOrg('inv-outbox');
  sender = { orgId: org.orgId, orgName: 'Org inv-outbox', inviterName: 'Ida', inviterUserId: org.owner.userId };
});

afterAll(() => closeQueues());

function mailTo(email: string): InvitationMail {
  return { invitationId: randomUUID(), email, token: 'a'.repeat(43), expiresAt: new Date(Date.now() + 86_400_000) };
}

const recordedTo = async (to: string) =>
  (await recordedJobPayloads<{ to: string }>(sendEmail.name, org.orgId)).filter((payload) => payload.to === to);

const queuedTo = async (to: string) =>
  (await queueFor(sendEmail).getJobs(['waiting', 'delayed', 'active'])).filter(
    (job) => (job.data as { to: string }).to === to,
  );

describe('recordInvitationEmails', () => {
  it('records nothing when the transaction rolls back, and each email once when it commits', async () => {
    const dropped = `dropped.${Date.now().toString(36)}@example.test`;
    const sent = `sent.${Date.now().toString(36)}@example.test`;
    const rollback = withTenant(org.orgId, { type: 'user', userId: org.owner.userId }, async (tx) => {
      await recordInvitationEmails(tx, sender, [mailTo(dropped)]);
      throw new Error('invitation refused');
    });
    await expect(rollback).rejects.toThrow('invitation refused');
    await withTenant(org.orgId, { type: 'user', userId: org.owner.userId }, (tx) =>
      recordInvitationEmails(tx, sender, [mailTo(sent)]),
    );
    expect(await recordedTo(dropped)).toHaveLength(0);
    expect(await recordedTo(sent)).toHaveLength(1);
    expect(await queuedTo(sent)).toHaveLength(0);

    await handOffRecordedJobs();
    const [job] = await queuedTo(sent);
    expect(job?.data).toMatchObject({
      orgId: org.orgId,
      userId: org.owner.userId,
      subject: 'Ida invited you to join Org inv-outbox on Atrium',
      text: expect.stringContaining(`/invite/${'a'.repeat(43)}`),
    });
    expect(await recordedTo(sent)).toHaveLength(0);
    expect(await queuedTo(dropped)).toHaveLength(0);
    await queueFor(sendEmail).empty();
  });
});
