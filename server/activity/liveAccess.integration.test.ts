/**
 * The live feed follows the reader's permissions mid-stream: when an owner edits a member's roles,
 * events that member may no longer see stop arriving on their open subscription (no reconnect),
 * and when the member is deactivated the stream ends — here with sessions still valid, because
 * the person stays active in another org, so only the feed itself can stop the delivery.
 */
import type { TRPCClientErrorLike } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery } from '../../test/db';
import { sleep, startLiveServer, waitFor, type LiveServer } from '../../test/live';
import { addMember } from '../orgs/members';
import { channelFor } from '../realtime/outbox';
import { getRedis } from '../redis';
import { withTenant } from '../tenancy/withTenant';
import { createContext } from '../trpc/context';
import { createCaller, type AppRouter } from '../trpc/router';
import { addTestMember, createTestOrg, writeActivity, type TestOrg, type TestUser } from './testFixtures';
import { activityReader, type ActivityReader } from './eventPermissions';
import { liveActivity } from './live';
import type { ActivityEvent } from '../shared/activityEvent';

let live: LiveServer;
let org: TestOrg;
let admin: TestUser;

async function ownerCaller() {
  return createCaller(await createContext({ headers: { cookie: org.owner.cookie }, ip: null }));
}

async function idOf(sql: string, params: unknown[]): Promise<string> {
  const [row] = await adminQuery<{ id: string }>(sql, params);
  if (!row) throw new Error(`nothing for ${sql}`);
  return row.id;
}

beforeAll(async () => {
  live = await startLiveServer();
  org = await createTestOrg('feed-follow');
  admin = await addTestMember(org, 'feed-follow-admin', 'admin');
  // Active in a second org: deactivation here does not end their sessions.
  const other = await createTestOrg('feed-follow-other');
  await withTenant(other.orgId, { type: 'user', userId: admin.userId }, (tx) =>
    addMember(tx, { orgId: other.orgId, userId: admin.userId, roleKey: 'viewer' }),
  );
});

afterAll(async () => {
  await live.close();
});

describe('activity.live after a permission change', () => {
  it('applies the new filter from the change on, and ends when the member is deactivated', async () => {
    const membershipId = await idOf('select id from memberships where org_id = $1 and user_id = $2', [
      org.orgId,
      admin.userId,
    ]);
    const viewerRoleId = await idOf("select id from roles where org_id = $1 and system_key = 'viewer'", [org.orgId]);
    const marker = await writeActivity(org.orgId, org.owner.userId, 'marker');
    const events: ActivityEvent[] = [];
    const errors: TRPCClientErrorLike<AppRouter>[] = [];
    let isComplete = false;
    const subscription = live.clientFor(admin.cookie).activity.live.subscribe(
      { orgSlug: org.slug, lastEventId: String(marker.id) },
      {
        onData: (item) => events.push(item.data),
        onError: (error) => errors.push(error),
        onComplete: () => {
          isComplete = true;
        },
      },
    );
    const types = () => events.map((event) => event.type);
    try {
      // As an Admin (api_keys:read), API key events arrive.
      await writeActivity(org.orgId, org.owner.userId, 'api_key.created', { n: 1 });
      await waitFor(() => types().includes('api_key.created'));

      // Demoted to Viewer on the open stream: API key events stop, others still arrive.
      const owner = await ownerCaller();
      await owner.roles.setMemberRoles({ orgSlug: org.slug, membershipId, roleIds: [viewerRoleId] });
      // The relay publishes in outbox order, so the 'access' event reaches the stream before these.
      const hidden = await writeActivity(org.orgId, org.owner.userId, 'api_key.revoked', { n: 2 });
      const visible = await writeActivity(org.orgId, org.owner.userId, 'org.updated', { n: 3 });
      await waitFor(() => events.some((event) => event.id === visible.id));
      expect(events.some((event) => event.id === hidden.id)).toBe(false);
      expect(types().filter((type) => type.startsWith('api_key.'))).toEqual(['api_key.created']);

      // Deactivated: the stream ends with FORBIDDEN, and nothing more is delivered.
      await owner.members.deactivate({ orgSlug: org.slug, membershipId });
      await waitFor(() => errors.length > 0 || isComplete);
      expect(errors.map((error) => error.data?.code)).toEqual(['FORBIDDEN']);
      const after = await writeActivity(org.orgId, org.owner.userId, 'org.updated', { n: 4 });
      await sleep(500);
      expect(events.some((event) => event.id === after.id)).toBe(false);
    } finally {
      subscription.unsubscribe();
    }
  }, 30_000);

  it('follows it on the generator path too (callers outside the WebSocket endpoint)', async () => {
    const marker = await writeActivity(org.orgId, org.owner.userId, 'marker');
    let current: ActivityReader | null = activityReader(() => true);
    const announce = (data: Record<string, unknown>) =>
      getRedis().publish(channelFor(org.orgId, 'access'), JSON.stringify({ type: 'access.changed', data }));
    const abort = new AbortController();
    const stream = liveActivity({
      orgId: org.orgId,
      actor: { type: 'user', userId: org.owner.userId },
      lastEventId: marker.id,
      signal: abort.signal,
      access: { membershipId: 'watched-membership', resolveReader: () => Promise.resolve(current) },
    });
    try {
      const first = stream.next();
      const shown = await writeActivity(org.orgId, org.owner.userId, 'api_key.created');
      expect((await first).value?.[1].id).toBe(shown.id);

      // An 'access' event naming this member: the events after it are judged by the new reader.
      current = activityReader((permission) => permission !== 'api_keys:read');
      await announce({ membershipIds: ['watched-membership'] });
      const hidden = await writeActivity(org.orgId, org.owner.userId, 'api_key.revoked');
      const visible = await writeActivity(org.orgId, org.owner.userId, 'org.updated');
      const next = await stream.next();
      expect(next.value?.[1].id).toBe(visible.id);
      expect(hidden.id).toBeLessThan(visible.id);

      current = null;
      await announce({ all: true });
      await writeActivity(org.orgId, org.owner.userId, 'org.updated');
      await expect(stream.next()).rejects.toThrow('Your access to this feed has ended');
    } finally {
      abort.abort();
      await stream.return(undefined);
    }
  });
});
