/**
 * audit.live end to end: real sessions, the WebSocket endpoint, the outbox relay and Redis. A
 * subscriber with audit:read receives new events that match its filters, without the ones that do
 * not; a Viewer is refused (and the refusal is itself in the trail).
 */
import type { TRPCClientErrorLike } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep, startLiveServer, subscriberCount, waitFor, type LiveServer } from '../../test/live';
import { personIn, rolesTestOrg, type Person, type RolesTestOrg } from '../roles/testFixtures';
import type { AppRouter } from '../trpc/router';
import { auditRowsOf } from './testFixtures';
import type { AuditEvent } from './types';

let live: LiveServer;
let org: RolesTestOrg;
let viewer: Person;

beforeAll(async () => {
  live = await startLiveServer();
  org = await rolesTestOrg('audit-live');
  viewer = await personIn(org, 'audit-live-viewer', 'viewer');
});

afterAll(async () => {
  await live.close();
});

function subscribe(cookie: string, input: { orgSlug: string; filters?: { actions?: string[] } }) {
  const events: AuditEvent[] = [];
  const errors: TRPCClientErrorLike<AppRouter>[] = [];
  const subscription = live
    .clientFor(cookie)
    .audit.live.subscribe(input, { onData: (e) => events.push(e.data), onError: (e) => errors.push(e) });
  return { events, errors, stop: () => subscription.unsubscribe() };
}

describe('audit.live', () => {
  it('streams new events matching the filters to a member with audit:read', async () => {
    const all = subscribe(org.owner.cookie, { orgSlug: org.slug });
    const deletes = subscribe(org.owner.cookie, { orgSlug: org.slug, filters: { actions: ['roles.delete'] } });
    try {
      await waitFor(async () => (await subscriberCount(org.orgId, 'audit')) > 0);
      await sleep(200);
      const role = await org.ownerPerson.caller.roles.create({ orgSlug: org.slug, name: 'Live', permissions: [] });
      await waitFor(() => all.events.length > 0);
      expect(all.events[0]).toMatchObject({
        action: 'roles.create',
        outcome: 'success',
        resource: { type: 'role', id: role.id },
      });
      await org.ownerPerson.caller.roles.delete({ orgSlug: org.slug, roleId: role.id });
      await waitFor(() => deletes.events.length > 0);
      expect(deletes.events.map((e) => e.action)).toEqual(['roles.delete']);
      expect([...all.errors, ...deletes.errors]).toEqual([]);
    } finally {
      all.stop();
      deletes.stop();
    }
  });

  it('refuses a Viewer and records the refusal', async () => {
    const refused = subscribe(viewer.cookie, { orgSlug: org.slug });
    try {
      await waitFor(() => refused.errors.length > 0);
      expect(refused.errors[0]?.data?.code).toBe('FORBIDDEN');
      await waitFor(async () => (await auditRowsOf(org.orgId, 'audit.live')).length > 0);
      expect((await auditRowsOf(org.orgId, 'audit.live'))[0]).toMatchObject({
        outcome: 'failure',
        actor_id: viewer.userId,
      });
    } finally {
      refused.stop();
    }
  });
});
