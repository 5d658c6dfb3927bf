/**
 * The audit trail through the REST API, over real HTTP: a SIEM polling GET /audit-events after its
 * cursor receives every event of its org exactly once, in order, while new events keep arriving;
 * and a change made through the API is recorded like one made in the portal, with the key as the
 * actor (`api_key`) — on success and on refusal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAuditEvent } from '../audit/append';
import type { AuditPullPage } from '../audit/pull';
import { auditRowsOf } from '../audit/testFixtures';
import { personIn, rolesTestOrg, type Person, type RolesTestOrg } from '../roles/testFixtures';
import { withTenant } from '../tenancy/withTenant';
import { createTestKey, startTestApi, type TestApi } from './testFixtures';

const SYSTEM = { type: 'system', name: 'rest-test' } as const;

describe('REST audit events', () => {
  let api: TestApi;
  let org: RolesTestOrg;
  let other: RolesTestOrg;
  let admin: Person;
  let siem: { token: string; id: string };

  beforeAll(async () => {
    api = await startTestApi();
    [org, other] = await Promise.all([rolesTestOrg('rest-audit'), rolesTestOrg('rest-audit-b')]);
    admin = await personIn(org, 'rest-audit-admin', 'admin');
    siem = await createTestKey(admin, org.slug, { name: 'SIEM', scopes: ['audit:read', 'roles:manage', 'roles:read'] });
  });
  afterAll(() => api.close());

  async function appendEvents(target: RolesTestOrg, count: number, label: string): Promise<void> {
    for (let i = 0; i < count; i++) {
      await withTenant(target.orgId, SYSTEM, (tx) =>
        appendAuditEvent(tx, {
          orgId: target.orgId,
          action: `test.${label}`,
          actor: { type: 'system', id: 'rest-test', email: null },
          outcome: 'success',
        }),
      );
    }
  }

  it('hands every event out exactly once, oldest first, across pages while new ones arrive', async () => {
    await appendEvents(org, 7, 'before');
    const seen: number[] = [];
    let cursor: string | null = null;
    let writes: Promise<void> | null = null;
    for (let poll = 0; poll < 200; poll++) {
      const query: string = cursor ? `?limit=3&cursor=${cursor}` : '?limit=3';
      const response = await api.call('GET', `/audit-events${query}`, { token: siem.token });
      expect(response.status, response.text).toBe(200);
      const page = response.body as unknown as AuditPullPage;
      seen.push(...page.items.map((event) => event.seq));
      cursor = page.nextCursor;
      // New events (and another org's) land while the SIEM is mid-way through.
      if (poll === 1)
        writes = Promise.all([appendEvents(org, 9, 'during'), appendEvents(other, 5, 'elsewhere')]).then();
      if (!page.hasMore && writes) {
        await writes;
        writes = null;
        continue;
      }
      if (!page.hasMore && !writes && page.items.length === 0) break;
    }
    const all = (await auditRowsOf(org.orgId)).map((row) => row.seq);
    expect(seen).toEqual(all);
    expect(new Set(seen).size).toBe(seen.length);
    expect(all.length).toBeGreaterThanOrEqual(16);

    const empty = await api.call('GET', `/audit-events?cursor=${cursor}`, { token: siem.token });
    expect(empty.body).toEqual({ items: [], nextCursor: cursor, hasMore: false });
  });

  it('records a change made through the API with the key as the actor, and a refused one too', async () => {
    const created = await api.call('POST', '/roles', {
      token: siem.token,
      body: { name: 'Auditors via API', description: 'made by the SIEM key', permissions: ['audit:read'] },
    });
    expect(created.status, created.text).toBe(201);
    const [event] = await auditRowsOf(org.orgId, 'roles.create');
    expect(event).toMatchObject({
      outcome: 'success',
      actor_type: 'api_key',
      actor_id: siem.id,
      resource_type: 'role',
      resource_id: created.body.id,
      ip: '127.0.0.1',
    });

    // A grant beyond the key's own scopes (its creator holds users:read, the key does not) is refused
    // by the same service rule as in the portal, and the refusal is in the trail.
    const refused = await api.call('POST', '/roles', {
      token: siem.token,
      body: { name: 'Readers via API', permissions: ['users:read'] },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('EXCEEDS_OWN_PERMISSIONS');
    const failures = (await auditRowsOf(org.orgId, 'roles.create')).filter((row) => row.outcome === 'failure');
    expect(failures).toEqual([expect.objectContaining({ actor_type: 'api_key', actor_id: siem.id })]);

    // The pull shows the same event, with its actor.
    const detail = await api.call('GET', `/audit-events/${event!.seq}`, { token: siem.token });
    expect(detail.body).toMatchObject({ action: 'roles.create', actor: { type: 'api_key', id: siem.id } });
  });
});
