/**
 * The feed shows each reader only the events their permissions cover: a Viewer never sees what an
 * invoice came to, a Billing member does, an Owner sees everything — in activity.list (filtered in
 * SQL, so pages stay full) and in activity.live, both live and when resuming from an event id.
 */
import type { TRPCClientErrorLike } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep, startLiveServer, waitFor, type LiveServer } from '../../test/live';
import { createContext } from '../trpc/context';
import { createCaller, type AppRouter } from '../trpc/router';
import { addTestMember, createTestOrg, writeActivity, type TestOrg, type TestUser } from './testFixtures';
import type { ActivityEvent } from '../shared/activityEvent';

async function callerFor(user: TestUser) {
  return createCaller(await createContext({ headers: { cookie: user.cookie }, ip: null }));
}

async function listAll(user: TestUser, orgSlug: string, limit: number): Promise<{ pages: ActivityEvent[][] }> {
  const caller = await callerFor(user);
  const pages: ActivityEvent[][] = [];
  let cursor: number | undefined;
  for (let page = 0; page < 50; page++) {
    const result = await caller.activity.list({ orgSlug, limit, cursor });
    pages.push(result.items);
    if (result.nextCursor === null) break;
    cursor = result.nextCursor;
  }
  return { pages };
}

type Subscriber = { events: ActivityEvent[]; errors: TRPCClientErrorLike<AppRouter>[]; stop: () => void };

let live: LiveServer;
let org: TestOrg;
let viewer: TestUser;
let billing: TestUser;

function subscribe(user: TestUser, lastEventId: number): Subscriber {
  const events: ActivityEvent[] = [];
  const errors: TRPCClientErrorLike<AppRouter>[] = [];
  const subscription = live
    .clientFor(user.cookie)
    .activity.live.subscribe(
      { orgSlug: org.slug, lastEventId: String(lastEventId) },
      { onData: (item) => events.push(item.data), onError: (error) => errors.push(error) },
    );
  return { events, errors, stop: () => subscription.unsubscribe() };
}

const BILLING_TYPES = ['invoice.paid', 'invoice.payment_failed', 'billing.plan_changed'];
const PEOPLE_TYPES = ['member.roles_changed', 'invitation.accepted'];
const PUBLIC_TYPES = ['org.updated', 'ticket.updated'];
const KEY_TYPES = ['api_key.created'];

beforeAll(async () => {
  live = await startLiveServer();
  org = await createTestOrg('feed-perm');
  viewer = await addTestMember(org, 'feed-perm-viewer', 'viewer');
  billing = await addTestMember(org, 'feed-perm-billing', 'billing');
});

afterAll(async () => {
  await live.close();
});

describe('activity feed permissions', () => {
  it('lists for each reader only the events their permissions cover, in full pages', async () => {
    for (const type of [...PUBLIC_TYPES, ...PEOPLE_TYPES, ...KEY_TYPES]) {
      await writeActivity(org.orgId, org.owner.userId, type);
    }
    // The newest events are all hidden from a Viewer: filtering after loading a page would
    // return short or empty pages here; a SQL filter fills every page with readable events.
    for (let n = 0; n < 6; n++) {
      await writeActivity(org.orgId, org.owner.userId, BILLING_TYPES[n % BILLING_TYPES.length]!, { amount: 100 + n });
    }

    const asViewer = await listAll(viewer, org.slug, 2);
    const viewerTypes = asViewer.pages.flat().map((e) => e.type);
    expect(asViewer.pages.slice(0, -1).every((page) => page.length === 2)).toBe(true);
    expect(viewerTypes.filter((t) => BILLING_TYPES.includes(t) || KEY_TYPES.includes(t))).toEqual([]);
    expect(viewerTypes).toEqual(expect.arrayContaining([...PUBLIC_TYPES, ...PEOPLE_TYPES, 'member.joined']));
    const [firstPage] = asViewer.pages;
    expect(firstPage?.map((e) => e.type)).toEqual(['invitation.accepted', 'member.roles_changed']);

    const billingTypes = (await listAll(billing, org.slug, 100)).pages.flat().map((e) => e.type);
    expect(billingTypes.filter((t) => BILLING_TYPES.includes(t))).toHaveLength(6);
    // Billing is Viewer plus billing: people events yes, API keys no.
    expect(billingTypes).toEqual(expect.arrayContaining(PEOPLE_TYPES));
    expect(billingTypes).not.toContain('api_key.created');

    const ownerTypes = (await listAll(org.owner, org.slug, 100)).pages.flat().map((e) => e.type);
    expect(ownerTypes).toEqual(
      expect.arrayContaining([...BILLING_TYPES, ...PEOPLE_TYPES, ...PUBLIC_TYPES, ...KEY_TYPES]),
    );
  });

  it('streams and replays to each subscriber only the events their permissions cover', async () => {
    const marker = await writeActivity(org.orgId, org.owner.userId, 'org.updated', { marker: true });
    // Written before the subscriptions start: they arrive through the replay from lastEventId.
    const missedInvoice = await writeActivity(org.orgId, org.owner.userId, 'invoice.paid', { amount: 1 });
    const missedTicket = await writeActivity(org.orgId, org.owner.userId, 'ticket.updated');
    const asViewer = subscribe(viewer, marker.id);
    const asBilling = subscribe(billing, marker.id);
    const asOwner = subscribe(org.owner, marker.id);
    const all = [asViewer, asBilling, asOwner];
    try {
      await waitFor(() => all.every((s) => s.events.some((e) => e.id === missedTicket.id)));
      const liveInvoice = await writeActivity(org.orgId, org.owner.userId, 'invoice.payment_failed', { amount: 2 });
      const liveKey = await writeActivity(org.orgId, org.owner.userId, 'api_key.revoked');
      const liveMember = await writeActivity(org.orgId, org.owner.userId, 'member.left');
      await waitFor(() => all.every((s) => s.events.some((e) => e.id === liveMember.id)));
      await sleep(300);

      const ids = (s: Subscriber) => s.events.map((e) => e.id);
      expect(ids(asViewer)).toEqual([missedTicket.id, liveMember.id]);
      expect(ids(asBilling)).toEqual([missedInvoice.id, missedTicket.id, liveInvoice.id, liveMember.id]);
      expect(ids(asOwner)).toEqual([missedInvoice.id, missedTicket.id, liveInvoice.id, liveKey.id, liveMember.id]);
      expect(all.flatMap((s) => s.errors)).toEqual([]);
    } finally {
      all.forEach((s) => s.stop());
    }
  });
});
