/**
 * invitations.changes end to end: the real WebSocket endpoint, outbox relay and Redis. An admin's
 * open subscription hears 'ready', then the acceptance of an invitation (with the new
 * membership); a member without users:invite is refused; another org hears nothing.
 */
import type { TRPCClientErrorLike } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveServer, sleep, waitFor, type LiveServer } from '../../test/live';
import { createSession, SESSION_COOKIE } from '../auth/session';
import { addTestMember, createTestOrg, type TestOrg } from '../activity/testFixtures';
import type { AppRouter } from '../trpc/router';
import type { InvitationChange } from './live';
import { anonymousCaller, memberWithEmail, tokenFor, type Member } from './testFixtures';

let live: LiveServer;
let org: TestOrg;
let other: TestOrg;
let admin: Member;

beforeAll(async () => {
  live = await startLiveServer();
  [org, other] = await Promise.all([createTestOrg('invlive'), createTestOrg('invlive-other')]);
  admin = await memberWithEmail(org, 'Live Admin', 'admin');
});

afterAll(async () => {
  await live.close();
});

function subscribe(cookie: string, orgSlug: string) {
  const changes: InvitationChange[] = [];
  const errors: TRPCClientErrorLike<AppRouter>[] = [];
  const subscription = live
    .clientFor(cookie)
    .invitations.changes.subscribe(
      { orgSlug },
      { onData: (change) => changes.push(change), onError: (error) => errors.push(error) },
    );
  return { changes, errors, stop: () => subscription.unsubscribe() };
}

describe('invitations.changes', () => {
  it('tells an open invitations page that an invitation was accepted, and nobody else', async () => {
    const { token: sessionToken } = await createSession(admin.id, { ip: null, userAgent: 'vitest' });
    const watcher = subscribe(`${SESSION_COOKIE}=${sessionToken}`, org.slug);
    const outsider = subscribe(other.owner.cookie, other.slug);
    const viewer = await addTestMember(org, 'invlive-viewer', 'viewer');
    const refused = subscribe(viewer.cookie, org.slug);
    try {
      await waitFor(() => watcher.changes.some((c) => c.type === 'ready') && outsider.changes.length > 0);
      await waitFor(() => refused.errors.length > 0);
      expect(refused.errors[0]!.data?.code).toBe('FORBIDDEN');

      const email = `live.${Date.now().toString(36)}@example.test`;
      const { results } = await admin.caller.invitations.invite({ orgSlug: org.slug, emails: email });
      const invitationId = results[0]!.invitationId!;
      const { caller } = await anonymousCaller();
      const { membershipId } = await caller.invitations.acceptNewUser({
        token: await tokenFor(email),
        name: 'Live Lou',
        password: 'a long passphrase',
      });

      await waitFor(() => watcher.changes.some((c) => c.type === 'invitation.accepted'));
      expect(watcher.changes).toEqual([
        { type: 'ready' },
        { type: 'invitation.sent', invitationIds: [invitationId] },
        { type: 'invitation.accepted', invitationIds: [invitationId], membershipId },
      ]);
      await sleep(200);
      expect(outsider.changes).toEqual([{ type: 'ready' }]);
    } finally {
      watcher.stop();
      outsider.stop();
      refused.stop();
    }
  });
});
