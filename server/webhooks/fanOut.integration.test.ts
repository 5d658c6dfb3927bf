/**
 * Making webhook messages from relayed activity (what the relay's hook writes in its transaction):
 * only catalogue types, only for orgs with a subscribed enabled endpoint, one message per outbox
 * row however often it is offered, one delivery and one recorded first-attempt job per endpoint.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { adminQuery } from '../../test/db';
import { createTestOrg, type TestOrg } from '../activity/testFixtures';
import type { RelayedActivity } from '../realtime/outboxRelay';
import { recordedJobPayloads } from '../jobs/testFixtures';
import { withTenant } from '../tenancy/withTenant';
import { createTestEndpoint } from './deliverTestFixtures';
import { fanOutToWebhooks } from './fanOut';

const SYSTEM = { type: 'system', name: 'outbox-relay' } as const;
let nextOutboxId = 5_000_000;

function activity(type: string, data: Record<string, unknown> = {}): RelayedActivity {
  nextOutboxId += 1;
  return { id: nextOutboxId, type, actorUserId: null, data, createdAt: new Date('2026-12-03T10:00:00Z') };
}

const fanOut = (org: TestOrg, rows: RelayedActivity[]) =>
  withTenant(org.orgId, SYSTEM, (tx) => fanOutToWebhooks(tx, org.orgId, rows));

async function messagesOf(orgId: string) {
  return adminQuery<{ id: string; event_type: string; payload: Record<string, unknown>; source_outbox_id: string }>(
    'select id, event_type, payload, source_outbox_id from webhook_messages where org_id = $1 order by source_outbox_id',
    [orgId],
  );
}

let org: TestOrg;
beforeAll(async () => {
  org = await createTestOrg('webhook-fanout');
});

describe('webhook fan-out', () => {
  it('writes nothing for an org without a subscribed enabled endpoint', async () => {
    const quiet = await createTestOrg('webhook-quiet');
    await createTestEndpoint(quiet.orgId, { url: 'https://hooks.example.com/off', isEnabled: false });
    await createTestEndpoint(quiet.orgId, { url: 'https://hooks.example.com/teams', eventTypes: ['team.created'] });
    expect(await fanOut(quiet, [activity('member.joined'), activity('org.updated')])).toBe(0);
    expect(await messagesOf(quiet.orgId)).toEqual([]);
    expect(await recordedJobPayloads('deliverWebhooks', quiet.orgId)).toEqual([]);
  });

  it('makes one message per catalogue event, one delivery per subscribed endpoint and one drain of the org', async () => {
    const all = await createTestEndpoint(org.orgId, { url: 'https://hooks.example.com/all', eventTypes: ['*'] });
    const members = await createTestEndpoint(org.orgId, {
      url: 'https://hooks.example.com/members',
      eventTypes: ['member.joined', 'member.removed'],
    });
    const joined = activity('member.joined', { membershipId: 'm1' });
    // org.updated and the webhooks' own events are not in the catalogue: never sent.
    const rows = [joined, activity('team.created'), activity('org.updated'), activity('webhook.endpoint_disabled')];

    expect(await fanOut(org, rows)).toBe(3);
    // Offered again (the relay retrying a round): nothing new.
    expect(await fanOut(org, [joined])).toBe(0);

    const messages = await messagesOf(org.orgId);
    expect(messages.map((m) => [m.event_type, Number(m.source_outbox_id)])).toEqual([
      ['member.joined', joined.id],
      ['team.created', rows[1]!.id],
    ]);
    expect(messages[0]!.id).toMatch(/^msg_[A-Za-z0-9]{24}$/);
    expect(messages[0]!.payload).toEqual({
      type: 'member.joined',
      timestamp: '2026-12-03T10:00:00.000Z',
      data: { membershipId: 'm1' },
      actor: null,
    });
    const deliveries = await adminQuery<{ id: string; endpoint_id: string; message_id: string; status: string }>(
      'select id, endpoint_id, message_id, status from webhook_deliveries where org_id = $1',
      [org.orgId],
    );
    expect(deliveries.map((d) => [d.endpoint_id, d.message_id, d.status]).sort()).toEqual(
      [
        [all.id, messages[0]!.id, 'pending'],
        [all.id, messages[1]!.id, 'pending'],
        [members.id, messages[0]!.id, 'pending'],
      ].sort(),
    );
    // One drain for the whole batch (the repeat that made nothing recorded none).
    expect(await recordedJobPayloads('deliverWebhooks', org.orgId)).toEqual([{ orgId: org.orgId }]);
  });
});
