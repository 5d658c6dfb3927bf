/**
 * Webhook endpoints through the REST API, over real HTTP, served by the webhooks procedures: a key
 * with webhooks:manage adds an endpoint (its secret shown in that answer only), lists, updates
 * (a stale version is 409), tests and deletes it; a refused URL is a 400 on `url`; a read-only key
 * cannot change anything; each change is in the trail with the key as the actor.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRowsOf } from '../audit/testFixtures';
import { personIn, rolesTestOrg, type Person, type RolesTestOrg } from '../roles/testFixtures';
import { withPrivateUrls } from '../webhooks/testFixtures';
import { createTestKey, startTestApi, type TestApi } from './testFixtures';

type Endpoint = { id: string; url: string; version: number; eventTypes: string[]; description: string };

describe('REST webhook endpoints', () => {
  let api: TestApi;
  let org: RolesTestOrg;
  let admin: Person;
  let manager: { token: string; id: string };
  let reader: { token: string; id: string };

  beforeAll(async () => {
    api = await startTestApi();
    org = await rolesTestOrg('rest-hooks');
    admin = await personIn(org, 'rest-hooks-admin', 'admin');
    manager = await createTestKey(admin, org.slug, {
      name: 'Hooks admin',
      scopes: ['webhooks:manage', 'webhooks:read'],
    });
    reader = await createTestKey(admin, org.slug, { name: 'Hooks reader', scopes: ['webhooks:read'] });
  });
  afterAll(() => api.close());

  it('adds, lists, updates, tests and deletes an endpoint, each change audited as the key', async () => {
    const created = await withPrivateUrls(true, () =>
      api.call('POST', '/webhook-endpoints', {
        token: manager.token,
        body: { url: 'http://127.0.0.1:9/hooks', eventTypes: ['member.joined'], description: 'CRM' },
      }),
    );
    expect(created.status, created.text).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    const endpoint = created.body.endpoint as Endpoint;

    const list = await api.call('GET', '/webhook-endpoints', { token: reader.token });
    expect((list.body.items as Endpoint[]).map((e) => e.id)).toEqual([endpoint.id]);
    expect(JSON.stringify(list.body)).not.toContain(String(created.body.secret));

    const updated = await api.call('PATCH', `/webhook-endpoints/${endpoint.id}`, {
      token: manager.token,
      body: { version: endpoint.version, description: 'CRM sync' },
    });
    expect(updated.status, updated.text).toBe(200);
    expect(updated.body).toMatchObject({ id: endpoint.id, description: 'CRM sync' });
    const stale = await api.call('PATCH', `/webhook-endpoints/${endpoint.id}`, {
      token: manager.token,
      body: { version: endpoint.version, description: 'Lost update' },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('STALE_VERSION');

    const tested = await api.call('POST', `/webhook-endpoints/${endpoint.id}/test`, { token: manager.token, body: {} });
    expect(tested.status, tested.text).toBe(200);
    expect(tested.body.deliveryId).toEqual(expect.any(String));
    const deliveries = await api.call('GET', `/webhook-endpoints/${endpoint.id}/deliveries?limit=5`, {
      token: reader.token,
    });
    expect((deliveries.body.items as { id: string }[]).map((d) => d.id)).toContain(tested.body.deliveryId);

    const deleted = await api.call('DELETE', `/webhook-endpoints/${endpoint.id}`, { token: manager.token });
    expect(deleted.status, deleted.text).toBe(200);
    expect((await api.call('GET', `/webhook-endpoints/${endpoint.id}`, { token: reader.token })).status).toBe(404);

    const trail = (await auditRowsOf(org.orgId)).filter((row) => row.action.startsWith('webhook'));
    expect(
      trail.filter((row) => row.outcome === 'success').map((row) => [row.action, row.actor_type, row.actor_id]),
    ).toEqual(
      ['webhook.create', 'webhook.update', 'webhook.sendTest', 'webhook.delete'].map((action) => [
        action,
        'api_key',
        manager.id,
      ]),
    );
  });

  it('refuses a URL the rule refuses as a 400 on url, and a read-only key’s change as 403', async () => {
    const refused = await withPrivateUrls(false, () =>
      api.call('POST', '/webhook-endpoints', {
        token: manager.token,
        body: { url: 'http://127.0.0.1:9/hooks', eventTypes: ['member.joined'] },
      }),
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'WEBHOOK_URL_REFUSED', details: { field: 'url' } });
    const shape = await api.call('POST', '/webhook-endpoints', {
      token: manager.token,
      body: { url: 'not a url', eventTypes: ['member.joined'] },
    });
    expect(shape.body.error.details.fields).toEqual([expect.objectContaining({ field: 'url', in: 'body' })]);

    const readOnly = await api.call('POST', '/webhook-endpoints', {
      token: reader.token,
      body: { url: 'https://hooks.example.com/atrium', eventTypes: ['member.joined'] },
    });
    expect(readOnly.status).toBe(403);
    expect(readOnly.body.error.details.permission).toBe('webhooks:manage');
  });
});
