/**
 * API key changes in the org's activity feed: created, rotated, revoked and deleted each record an
 * `api_key.*` event by the person who did it, with the data the webhook catalogue documents
 * (server/shared/webhookEvents.ts) — the key's id and name, never its token or hash.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { activityOf, rolesTestOrg, type RolesTestOrg } from '../roles/testFixtures';
import { WEBHOOK_EVENTS } from '../shared/webhookEvents';
import { parseToken } from './token';

describe('API key activity events', () => {
  let org: RolesTestOrg;

  beforeAll(async () => {
    org = await rolesTestOrg('key-activity');
  });

  it('records created, rotated, revoked and deleted with the catalogue shapes and no secret', async () => {
    const keys = org.ownerPerson.caller.apiKeys;
    const created = await keys.create({ orgSlug: org.slug, name: 'CI deploys', scopes: ['users:read'] });
    const rotated = await keys.rotate({ orgSlug: org.slug, keyId: created.id, graceHours: 2 });
    await keys.rotate({ orgSlug: org.slug, keyId: created.id, graceHours: 0 });
    await keys.revoke({ orgSlug: org.slug, keyId: created.id });
    await keys.revoke({ orgSlug: org.slug, keyId: created.id });
    await keys.delete({ orgSlug: org.slug, keyId: created.id });

    const events = await activityOf(org.orgId, 'api_key.');
    const actor = org.ownerPerson.userId;
    const keyId = created.id;
    expect(events).toEqual([
      { type: 'api_key.created', actor, data: { keyId, name: 'CI deploys', scopes: ['users:read'] } },
      {
        type: 'api_key.rotated',
        actor,
        data: { keyId, name: 'CI deploys', previousValidUntil: rotated.previousValidUntil!.toISOString() },
      },
      { type: 'api_key.rotated', actor, data: { keyId, name: 'CI deploys', previousValidUntil: null } },
      // Revoking a revoked key changes nothing, so it is not news.
      { type: 'api_key.revoked', actor, data: { keyId, name: 'CI deploys' } },
      { type: 'api_key.deleted', actor, data: { keyId, name: 'CI deploys' } },
    ]);
    for (const { type, data } of events) {
      const documented = Object.keys(WEBHOOK_EVENTS[type as keyof typeof WEBHOOK_EVENTS].example).sort();
      expect(Object.keys(data).sort(), type).toEqual(documented);
    }
    const text = JSON.stringify(events);
    for (const token of [created.token, rotated.token]) expect(text).not.toContain(parseToken(token)!.secret);
  });
});
