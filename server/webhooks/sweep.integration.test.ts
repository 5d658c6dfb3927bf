/**
 * Webhook housekeeping: messages past the 30-day retention go with their deliveries and attempts;
 * younger ones stay.
 */
import { describe, expect, it } from 'vitest';
import { adminQuery } from '../../test/db';
import { purgeWebhooksHandler } from '../../jobs/handlers/purgeWebhooks';
import { runHandler } from '../../jobs/testFixtures';
import { createTestOrg } from '../activity/testFixtures';
import { withTenant } from '../tenancy/withTenant';
import { createTestEndpoint } from './deliverTestFixtures';
import { fanOutToWebhooks } from './fanOut';

const SYSTEM = { type: 'system', name: 'outbox-relay' } as const;

describe('webhook purge', () => {
  it('deletes messages older than 30 days with their deliveries and attempts', async () => {
    const org = await createTestOrg('webhook-purge');
    await createTestEndpoint(org.orgId, { url: 'https://hooks.example.com/purge' });
    const rows = [1, 2].map((n) => ({
      id: 9_000_000 + n,
      type: 'member.joined',
      actorUserId: null,
      data: { n },
      createdAt: new Date(),
    }));
    await withTenant(org.orgId, SYSTEM, (tx) => fanOutToWebhooks(tx, org.orgId, rows));
    await adminQuery(
      `insert into webhook_attempts (org_id, delivery_id, attempt_number, started_at, duration_ms, request_url, request_headers)
       select org_id, id, 1, now(), 5, 'https://hooks.example.com/purge', '{}' from webhook_deliveries where org_id = $1`,
      [org.orgId],
    );
    await adminQuery(
      `update webhook_messages set created_at = now() - interval '31 days' where org_id = $1 and source_outbox_id = $2`,
      [org.orgId, rows[0]!.id],
    );

    await runHandler(purgeWebhooksHandler, { orgId: org.orgId });

    const left = await adminQuery<{ n: number; deliveries: number; attempts: number }>(
      `select (m.payload->'data'->>'n')::int as n,
              (select count(*)::int from webhook_deliveries d where d.org_id = m.org_id and d.message_id = m.id) as deliveries,
              (select count(*)::int from webhook_attempts a where a.org_id = m.org_id) as attempts
         from webhook_messages m where m.org_id = $1`,
      [org.orgId],
    );
    expect(left).toEqual([{ n: 2, deliveries: 1, attempts: 1 }]);
  });
});
