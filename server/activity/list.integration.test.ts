/**
 * activity.list through the same caller Remix loaders use: newest first, keyset pages that cover
 * the feed without overlap, actor names, and nothing from another organization.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../trpc/context';
import { createCaller } from '../trpc/router';
import { addTestMember, createTestOrg, writeActivity, type TestOrg, type TestUser } from './testFixtures';

async function callerFor(user: TestUser) {
  return createCaller(await createContext({ headers: { cookie: user.cookie }, ip: null }));
}

let org: TestOrg;
let other: TestOrg;
let viewer: TestUser;
const written: number[] = [];

beforeAll(async () => {
  [org, other] = await Promise.all([createTestOrg('list-a'), createTestOrg('list-b')]);
  viewer = await addTestMember(org, 'list-viewer');
  for (let i = 1; i <= 5; i++)
    written.push((await writeActivity(org.orgId, org.owner.userId, 'ticket.opened', { n: i })).id);
  await writeActivity(other.orgId, other.owner.userId, 'secret.other');
});

describe('activity.list', () => {
  it('pages through the feed newest first without gaps or overlap', async () => {
    const caller = await callerFor(viewer);
    const seen: number[] = [];
    let cursor: number | undefined;
    for (let page = 0; page < 10; page++) {
      const result = await caller.activity.list({ orgSlug: org.slug, limit: 2, cursor });
      seen.push(...result.items.map((item) => item.id));
      if (result.nextCursor === null) break;
      expect(result.items).toHaveLength(2);
      cursor = result.nextCursor;
    }
    expect(seen).toEqual([...seen].sort((a, b) => b - a));
    expect(new Set(seen).size).toBe(seen.length);
    // 5 written, the viewer joining, and the org's creation.
    expect(seen).toHaveLength(7);
    expect(seen.slice(0, 5)).toEqual([...written].reverse());
  });

  it('returns the event shape with actor names', async () => {
    const caller = await callerFor(viewer);
    const { items } = await caller.activity.list({ orgSlug: org.slug });
    expect(items[0]).toEqual({
      id: written[4],
      type: 'ticket.opened',
      actor: { userId: org.owner.userId, name: org.owner.name },
      data: { n: 5 },
      createdAt: expect.stringMatching(/Z$/),
    });
    expect(items.map((item) => item.type)).toEqual(expect.arrayContaining(['org.created', 'member.joined']));
    expect(items.map((item) => item.type)).not.toContain('secret.other');
  });

  it("refuses another organization's feed and limits outside 1..100", async () => {
    const outsider = await callerFor(other.owner);
    await expect(outsider.activity.list({ orgSlug: org.slug })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const caller = await callerFor(viewer);
    await expect(caller.activity.list({ orgSlug: org.slug, limit: 0 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(caller.activity.list({ orgSlug: org.slug, limit: 101 })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});
