/**
 * usage.live over the app's WebSocket endpoint: a 'usage.updated' recorded through the outbox
 * (as the roll-up job records it) reaches a member who may read usage, with its metrics and hours;
 * once that member is demoted to a role without usage:read, the stream ends with FORBIDDEN.
 */
import type { TRPCClientErrorLike } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery } from '../../test/db';
import { startLiveServer, subscriberCount, waitFor, type LiveServer } from '../../test/live';
import { recordEvent } from '../realtime/outbox';
import { rolesTestOrg, personIn, systemRoleId, type Person, type RolesTestOrg } from '../roles/testFixtures';
import { withTenant } from '../tenancy/withTenant';
import type { AppRouter } from '../trpc/router';
import type { UsageChange } from './live';

let live: LiveServer;
let org: RolesTestOrg;
let member: Person;

beforeAll(async () => {
  live = await startLiveServer();
  org = await rolesTestOrg('usage-live');
  member = await personIn(org, 'usage-live-member', 'member');
});

afterAll(async () => {
  await live.close();
});

async function publishUsageUpdate(metrics: string[], fromHour: string, toHour: string): Promise<void> {
  await withTenant(org.orgId, { type: 'system', name: 'test:rollup' }, (tx) =>
    recordEvent(tx, {
      orgId: org.orgId,
      topic: 'usage',
      type: 'usage.updated',
      actorUserId: null,
      data: { metrics, fromHour, toHour },
    }),
  );
}

describe('usage.live', () => {
  it('delivers roll-up changes to a usage reader, and ends when they lose usage:read', async () => {
    const changes: UsageChange[] = [];
    const errors: TRPCClientErrorLike<AppRouter>[] = [];
    const subscription = live
      .clientFor(member.cookie)
      .usage.live.subscribe(
        { orgSlug: org.slug },
        { onData: (item) => changes.push(item.data), onError: (error) => errors.push(error) },
      );
    try {
      await waitFor(() => changes.length > 0);
      expect(changes[0]!.kind).toBe('ready');
      expect(await subscriberCount(org.orgId, 'usage')).toBeGreaterThan(0);
      await publishUsageUpdate(['api_call'], '2026-12-03T10:00:00.000Z', '2026-12-03T11:00:00.000Z');
      await waitFor(() => changes.length > 1);
      expect(changes[1]).toEqual({
        kind: 'updated',
        metrics: ['api_call'],
        fromHour: '2026-12-03T10:00:00.000Z',
        toHour: '2026-12-03T11:00:00.000Z',
      });

      const [row] = await adminQuery<{ id: string }>(
        'select id::text from memberships where org_id = $1 and user_id = $2',
        [org.orgId, member.userId],
      );
      await org.ownerPerson.caller.roles.setMemberRoles({
        orgSlug: org.slug,
        membershipId: row!.id,
        roleIds: [await systemRoleId(org.orgId, 'viewer')],
      });
      await waitFor(() => errors.length > 0);
      expect(errors.map((error) => error.data?.code)).toEqual(['FORBIDDEN']);
    } finally {
      subscription.unsubscribe();
    }
  }, 30_000);
});
