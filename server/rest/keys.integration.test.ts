/**
 * The REST API's front door, over real HTTP: every way a key is refused answers 401/403 with its
 * own code and never the org's name or slug; a good key acts in its own org only (another org's
 * member is "not found"); a key without the permission is refused naming it; /api-keys/self says
 * who the key is.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery } from '../../test/db';
import { personIn, rolesTestOrg, type Person, type RolesTestOrg } from '../roles/testFixtures';
import { createTestKey, startTestApi, type TestApi } from './testFixtures';

describe('REST API keys', () => {
  let api: TestApi;
  let org: RolesTestOrg;
  let other: RolesTestOrg;
  let admin: Person;
  let reader: { token: string; id: string };

  beforeAll(async () => {
    api = await startTestApi();
    [org, other] = await Promise.all([rolesTestOrg('rest-keys'), rolesTestOrg('rest-keys-b')]);
    admin = await personIn(org, 'rest-keys-admin', 'admin');
    reader = await createTestKey(admin, org.slug, { name: 'Directory sync', scopes: ['users:read', 'org:read'] });
  });
  afterAll(() => api.close());

  /** Names of the org that a refusal must never contain. */
  async function orgWords(): Promise<string[]> {
    const [row] = await adminQuery<{ name: string }>('select name from organizations where id = $1', [org.orgId]);
    return [org.slug, row?.name ?? org.slug, org.orgId];
  }

  async function expectRefused(token: string | null, status: number, code: string, headers?: Record<string, string>) {
    const response = await api.call('GET', '/members', { token, headers });
    expect({ status: response.status, code: response.body?.error?.code }).toEqual({ status, code });
    expect(response.body.error.requestId).toEqual(expect.any(String));
    for (const word of await orgWords()) expect(response.text).not.toContain(word);
  }

  it('lets a good key list its org’s members and says who it is', async () => {
    const list = await api.call('GET', '/members', { token: reader.token });
    expect(list.status).toBe(200);
    expect((list.body.rows as { userId: string }[]).map((r) => r.userId)).toContain(admin.userId);
    expect(list.headers.get('ratelimit-limit')).toBe('600');

    const self = await api.call('GET', '/api-keys/self', { token: reader.token });
    expect(self.status).toBe(200);
    expect(self.body).toEqual({
      id: reader.id,
      name: 'Directory sync',
      org: { slug: org.slug, name: expect.any(String) },
      permissions: ['org:read', 'users:read'],
    });
  });

  it('refuses a missing, malformed or unknown key (401)', async () => {
    await expectRefused(null, 401, 'API_KEY_MISSING');
    await expectRefused(null, 401, 'API_KEY_MISSING', { authorization: `Basic ${reader.token}` });
    await expectRefused('atr_nope', 401, 'API_KEY_MALFORMED');
    const [, lookup] = reader.token.split('_');
    await expectRefused(`atr_${lookup}_${'A'.repeat(43)}`, 401, 'API_KEY_UNKNOWN');
  });

  it('refuses a revoked, expired or rotated-out key (401) saying which', async () => {
    const revoked = await createTestKey(admin, org.slug, { scopes: ['users:read'] });
    await admin.caller.apiKeys.revoke({ orgSlug: org.slug, keyId: revoked.id });
    await expectRefused(revoked.token, 401, 'API_KEY_REVOKED');

    const expired = await createTestKey(admin, org.slug, { scopes: ['users:read'] });
    await adminQuery("update api_keys set expires_at = now() - interval '1 second' where id = $1", [expired.id]);
    await expectRefused(expired.token, 401, 'API_KEY_EXPIRED');

    const rotated = await createTestKey(admin, org.slug, { scopes: ['users:read'] });
    const fresh = await admin.caller.apiKeys.rotate({ orgSlug: org.slug, keyId: rotated.id, graceHours: 0 });
    await expectRefused(rotated.token, 401, 'API_KEY_ROTATED_OUT');
    expect((await api.call('GET', '/members', { token: fresh.token })).status).toBe(200);
  });

  it('refuses a key used from outside its IP allowlist (403) and a key whose creator was deactivated (401)', async () => {
    const fenced = await createTestKey(admin, org.slug, { scopes: ['users:read'], ipAllowlist: ['10.0.0.0/8'] });
    await expectRefused(fenced.token, 403, 'API_KEY_IP_REFUSED');

    const leaver = await personIn(org, 'rest-keys-leaver', 'admin');
    const orphan = await createTestKey(leaver, org.slug, { scopes: ['users:read'] });
    expect((await api.call('GET', '/members', { token: orphan.token })).status).toBe(200);
    await org.ownerPerson.caller.members.deactivate({ orgSlug: org.slug, membershipId: leaver.membershipId });
    await expectRefused(orphan.token, 401, 'API_KEY_CREATOR_INACTIVE');
  });

  it('cannot reach another org: its member ids are not found, and no route names an org', async () => {
    const stranger = other.ownerPerson;
    const response = await api.call('GET', `/members/${stranger.membershipId}`, { token: reader.token });
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('MEMBER_NOT_FOUND');
    expect(response.text).not.toContain(other.slug);
    // The one member of the key's own org the same way: found.
    const own = await api.call('GET', `/members/${admin.membershipId}`, { token: reader.token });
    expect(own.status).toBe(200);
    expect(own.body.membershipId).toBe(admin.membershipId);
  });

  it('refuses a key without the permission (403) naming it, never wider than its creator', async () => {
    const response = await api.call('GET', '/audit-events', { token: reader.token });
    expect(response.status).toBe(403);
    expect(response.body.error).toMatchObject({ code: 'PERMISSION_MISSING', details: { permission: 'audit:read' } });
    expect(response.body.error.message).toContain('audit:read');

    // A member's key holds what the member still holds: demoted to Viewer, the key loses users:manage.
    const demoted = await personIn(org, 'rest-keys-demoted', 'admin');
    const key = await createTestKey(demoted, org.slug, { scopes: ['users:read', 'users:manage'] });
    const [viewerRole] = await adminQuery<{ id: string }>(
      "select id::text from roles where org_id = $1 and system_key = 'viewer'",
      [org.orgId],
    );
    await org.ownerPerson.caller.roles.setMemberRoles({
      orgSlug: org.slug,
      membershipId: demoted.membershipId,
      roleIds: [viewerRole!.id],
    });
    const self = await api.call('GET', '/api-keys/self', { token: key.token });
    expect(self.body.permissions).not.toContain('users:manage');
    const deactivate = await api.call('POST', `/members/${admin.membershipId}/deactivate`, { token: key.token });
    expect(deactivate.status).toBe(403);
    expect(deactivate.body.error.details.permission).toBe('users:manage');
  });
});
