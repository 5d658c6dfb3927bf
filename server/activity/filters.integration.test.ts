/**
 * activity.list narrowed by category and by person, through the caller Remix loaders use. The
 * filters sit beside the reader's permission filter in SQL: asking for what one may not see
 * returns nothing (never an error that would tell it exists), and pages stay full.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../trpc/context';
import { createCaller } from '../trpc/router';
import { addTestMember, createTestOrg, writeActivity, type TestOrg, type TestUser } from './testFixtures';

async function callerFor(user: TestUser) {
  return createCaller(await createContext({ headers: { cookie: user.cookie }, ip: null }));
}

let org: TestOrg;
let admin: TestUser;
let viewer: TestUser;
const ids: Record<string, number> = {};

beforeAll(async () => {
  org = await createTestOrg('filters');
  admin = await addTestMember(org, 'filters-admin', 'admin');
  viewer = await addTestMember(org, 'filters-viewer', 'viewer');
  const writes: [string, TestUser, string][] = [
    ['invoicePaid', org.owner, 'invoice.paid'],
    ['planChanged', admin, 'billing.plan_changed'],
    ['roleCreated', org.owner, 'role.created'],
    ['ticketOpened', admin, 'ticket.opened'],
    ['keyCreated', admin, 'api_key.created'],
    ['orgUpdated', org.owner, 'org.updated'],
    ['paymentFailed', admin, 'payment.failed'],
  ];
  for (const [name, actor, type] of writes) ids[name] = (await writeActivity(org.orgId, actor.userId, type)).id;
});

describe('activity.list filters', () => {
  it('lists only the events of the chosen categories, newest first', async () => {
    const caller = await callerFor(org.owner);
    const billing = await caller.activity.list({ orgSlug: org.slug, categories: ['billing'] });
    expect(billing.items.map((e) => e.id)).toEqual([ids.paymentFailed, ids.planChanged, ids.invoicePaid]);

    const several = await caller.activity.list({ orgSlug: org.slug, categories: ['access', 'support', 'people'] });
    const types = several.items.map((e) => e.type);
    expect(types.slice(0, 2)).toEqual(['ticket.opened', 'role.created']);
    // The two members joining belong to People too.
    expect(types.filter((t) => t === 'member.joined')).toHaveLength(2);
    expect(types.every((t) => /^(ticket|role|member|invitation|team)\./.test(t))).toBe(true);

    const all = await caller.activity.list({ orgSlug: org.slug, categories: [] });
    expect(all.items.map((e) => e.type)).toContain('api_key.created');
  });

  it('keeps pages full and gap-free under a filter', async () => {
    const caller = await callerFor(org.owner);
    const first = await caller.activity.list({ orgSlug: org.slug, categories: ['billing'], limit: 2 });
    expect(first.items.map((e) => e.id)).toEqual([ids.paymentFailed, ids.planChanged]);
    expect(first.nextCursor).toBe(ids.planChanged);
    const second = await caller.activity.list({
      orgSlug: org.slug,
      categories: ['billing'],
      limit: 2,
      cursor: first.nextCursor ?? undefined,
    });
    expect(second).toEqual({ items: [expect.objectContaining({ id: ids.invoicePaid })], nextCursor: null });
  });

  it('names the head of the whole feed on a filtered first page, for the live stream to resume after', async () => {
    const caller = await callerFor(org.owner);
    const billing = await caller.activity.list({ orgSlug: org.slug, categories: ['billing'], limit: 1 });
    expect(billing.items[0]?.id).toBe(ids.paymentFailed);
    const newest = Math.max(...Object.values(ids));
    expect(billing.headId).toBeGreaterThanOrEqual(newest);
    const security = await caller.activity.list({ orgSlug: org.slug, categories: ['security'] });
    expect(security.items).toEqual([]);
    expect(security.headId).toBeGreaterThanOrEqual(newest);
    // Older pages and the unfiltered feed (the dashboard) do not need it.
    const older = await caller.activity.list({
      orgSlug: org.slug,
      categories: ['billing'],
      cursor: billing.nextCursor!,
    });
    expect(older).not.toHaveProperty('headId');
    expect(await caller.activity.list({ orgSlug: org.slug })).not.toHaveProperty('headId');
  });

  it('lists only what one person did, alone or with categories', async () => {
    const caller = await callerFor(org.owner);
    const byAdmin = await caller.activity.list({ orgSlug: org.slug, actorUserId: admin.userId });
    expect(byAdmin.items.map((e) => e.id).slice(0, 4)).toEqual([
      ids.paymentFailed,
      ids.keyCreated,
      ids.ticketOpened,
      ids.planChanged,
    ]);
    expect(byAdmin.items.every((e) => e.actor?.userId === admin.userId)).toBe(true);

    const adminBilling = await caller.activity.list({
      orgSlug: org.slug,
      categories: ['billing'],
      actorUserId: admin.userId,
    });
    expect(adminBilling.items.map((e) => e.id)).toEqual([ids.paymentFailed, ids.planChanged]);
  });

  it('gives a Viewer nothing, not an error, for categories their permissions hide', async () => {
    const caller = await callerFor(viewer);
    await expect(caller.activity.list({ orgSlug: org.slug, categories: ['billing'] })).resolves.toMatchObject({
      items: [],
      nextCursor: null,
    });
    const mixed = await caller.activity.list({ orgSlug: org.slug, categories: ['billing', 'developers', 'support'] });
    expect(mixed.items.map((e) => e.type)).toEqual(['ticket.opened']);
    const byAdmin = await caller.activity.list({ orgSlug: org.slug, actorUserId: admin.userId });
    // The admin's billing and API key events stay hidden; joining and the ticket are readable.
    expect(byAdmin.items.map((e) => e.type)).toEqual(['ticket.opened', 'member.joined']);
  });

  it('refuses unknown categories, more than 10 of them and a malformed person with BAD_REQUEST', async () => {
    const caller = await callerFor(org.owner);
    const list = (input: Record<string, unknown>) =>
      caller.activity.list({ orgSlug: org.slug, ...input } as Parameters<typeof caller.activity.list>[0]);
    await expect(list({ categories: ['payroll'] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(list({ categories: Array(11).fill('billing') })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(list({ actorUserId: 'not-a-uuid' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
