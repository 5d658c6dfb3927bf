/**
 * Notifications end to end on the real PostgreSQL and Redis: activity fans out into the inboxes of
 * the members who may read it (the feed's permission rule), as each person's preferences say, never
 * to the event's actor and never twice; inbox rows are private to their person (RLS); mark read and
 * mark all read; the unread count is live over the WebSocket. (The jobs that run this and send the
 * emails: jobs/notifications.integration.test.ts.)
 */
import type { TRPCClientErrorLike } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifications } from '../../db/schema';
import { closeQueues } from '../jobs/queues';
import { adminQuery } from '../../test/db';
import { startLiveServer, waitFor, type LiveServer } from '../../test/live';
import { addTestMember, createTestOrg, writeActivity, type TestOrg, type TestUser } from '../activity/testFixtures';
import { withTenant } from '../tenancy/withTenant';
import { createContext } from '../trpc/context';
import { createCaller, type AppRouter } from '../trpc/router';
import { fanOutActivity } from './fanOut';

async function callerFor(user: TestUser) {
  return createCaller(await createContext({ headers: { cookie: user.cookie }, ip: null }));
}

const fanOut = (org: TestOrg) =>
  withTenant(org.orgId, { type: 'system', name: 'job:notifyInbox' }, (tx) => fanOutActivity(tx, org.orgId));

async function inboxTypes(user: TestUser, org: TestOrg): Promise<string[]> {
  const { items } = await (await callerFor(user)).notifications.list({ orgSlug: org.slug, limit: 100 });
  return items.map((item) => item.type);
}

let live: LiveServer;
let org: TestOrg;
let viewer: TestUser;
let billing: TestUser;
let admin: TestUser;

beforeAll(async () => {
  live = await startLiveServer();
  org = await createTestOrg('notify');
  viewer = await addTestMember(org, 'notify-viewer', 'viewer');
  billing = await addTestMember(org, 'notify-billing', 'billing');
  admin = await addTestMember(org, 'notify-admin', 'admin');
  // Everything so far (creation, joins) goes to inboxes now, so each test sees only its own events.
  await fanOut(org);
});

afterAll(async () => {
  await live.close();
  await closeQueues();
});

describe('notifications', () => {
  it('fans activity out to those who may read it, as their preferences say, once, never to the actor', async () => {
    const asViewer = await callerFor(viewer);
    await asViewer.notifications.setPreference({
      orgSlug: org.slug,
      kind: 'ticket',
      channel: 'in_app',
      isEnabled: false,
    });
    await asViewer.notifications.setPreference({
      orgSlug: org.slug,
      kind: 'member',
      channel: 'email',
      isEnabled: true,
    });
    const before = {
      viewer: await inboxTypes(viewer, org),
      billing: await inboxTypes(billing, org),
      owner: await inboxTypes(org.owner, org),
    };

    await writeActivity(org.orgId, org.owner.userId, 'invoice.paid', { amount: 120 });
    await writeActivity(org.orgId, org.owner.userId, 'ticket.updated');
    await writeActivity(org.orgId, org.owner.userId, 'member.left');
    await writeActivity(org.orgId, admin.userId, 'api_key.created');
    const result = await fanOut(org);
    expect(result.events).toBe(4);
    // The one email asked for waits on its inbox row to be queued (jobs/handlers/notifyInbox.integration.test.ts).
    const emails = await adminQuery<{ user_id: string; type: string }>(
      `select user_id, type from notifications where org_id = $1 and email_state = 'pending'`,
      [org.orgId],
    );
    expect(emails.map((e) => [e.user_id, e.type])).toEqual([[viewer.userId, 'member.left']]);

    const added = async (user: TestUser, seen: string[]) =>
      (await inboxTypes(user, org)).slice(0, -seen.length || undefined);
    // Viewer: no invoice (no invoices:read), no ticket (turned off), no API key (no api_keys:read).
    expect(await added(viewer, before.viewer)).toEqual(['member.left']);
    expect(await added(billing, before.billing)).toEqual(['member.left', 'ticket.updated', 'invoice.paid']);
    // The owner wrote three of them; the admin's API key is theirs to see.
    expect(await added(org.owner, before.owner)).toEqual(['api_key.created']);

    // Running again notifies nobody twice.
    expect(await fanOut(org)).toMatchObject({ events: 0, notified: 0 });
    expect(await added(billing, before.billing)).toHaveLength(3);
  });

  it("keeps each inbox private: RLS shows and marks only the person's own rows", async () => {
    await writeActivity(org.orgId, org.owner.userId, 'org.updated', { fields: ['name'] });
    await fanOut(org);
    const viewerRows = await withTenant(org.orgId, { type: 'user', userId: viewer.userId }, (tx) =>
      tx.select({ userId: notifications.userId, id: notifications.id }).from(notifications),
    );
    expect(viewerRows.length).toBeGreaterThan(0);
    expect(new Set(viewerRows.map((row) => row.userId))).toEqual(new Set([viewer.userId]));

    const { items } = await (await callerFor(billing)).notifications.list({ orgSlug: org.slug });
    const billingIds = items.map((item) => item.id);
    const { changed } = await (await callerFor(viewer)).notifications.markRead({ orgSlug: org.slug, ids: billingIds });
    expect(changed).toBe(0);
    const stillUnread = await (await callerFor(billing)).notifications.list({ orgSlug: org.slug, isUnreadOnly: true });
    expect(stillUnread.items.map((item) => item.id)).toEqual(expect.arrayContaining(billingIds.slice(0, 1)));
    // A system transaction of the org sees no inbox, only the rows that carry an email (to queue it).
    const systemRows = await withTenant(org.orgId, { type: 'system', name: 'test' }, (tx) =>
      tx.select({ userId: notifications.userId, emailState: notifications.emailState }).from(notifications),
    );
    expect(systemRows).toEqual([{ userId: viewer.userId, emailState: 'pending' }]);
  });

  it('marks read, marks all read, and keeps the unread count live over the WebSocket', async () => {
    const asBilling = await callerFor(billing);
    const counts: number[] = [];
    const errors: TRPCClientErrorLike<AppRouter>[] = [];
    const subscription = live
      .clientFor(billing.cookie)
      .notifications.unread.subscribe(
        { orgSlug: org.slug },
        { onData: (data) => counts.push(data.unread), onError: (error) => errors.push(error) },
      );
    try {
      const start = (await asBilling.notifications.unreadCount({ orgSlug: org.slug })).unread;
      await waitFor(() => counts.at(-1) === start);

      await writeActivity(org.orgId, org.owner.userId, 'invoice.payment_failed', { amount: 99 });
      await writeActivity(org.orgId, org.owner.userId, 'invoice.paid', { amount: 99 });
      await fanOut(org);
      await waitFor(() => counts.at(-1) === start + 2);

      const { items } = await asBilling.notifications.list({ orgSlug: org.slug, isUnreadOnly: true, limit: 1 });
      expect(items[0]).toMatchObject({ type: 'invoice.paid', isRead: false, data: { amount: 99 } });
      expect(await asBilling.notifications.markRead({ orgSlug: org.slug, ids: [items[0]!.id] })).toEqual({
        changed: 1,
      });
      await waitFor(() => counts.at(-1) === start + 1);

      await asBilling.notifications.markAllRead({ orgSlug: org.slug });
      await waitFor(() => counts.at(-1) === 0);
      expect((await asBilling.notifications.unreadCount({ orgSlug: org.slug })).unread).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      subscription.unsubscribe();
    }
  });
});
