/**
 * API keys through the real procedure chain and the real database: create, list, rotate, revoke
 * and delete; the plaintext stored nowhere (not in the table, not in the trail); authentication
 * accepting a good key and refusing each bad one with its own code; effective permissions that
 * follow the creator's current roles; and a key that never reaches another org's rows.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { adminQuery } from '../../test/db';
import { caught, personIn, rolesTestOrg, systemRoleId, type Person, type RolesTestOrg } from '../roles/testFixtures';
import { withTenant } from '../tenancy/withTenant';
import { authenticateApiKey } from './authenticate';
import { parseToken } from './token';

const HOUR_MS = 3_600_000;

async function refusalOf(token: string, ip: string | null = '127.0.0.1', now?: Date) {
  const error = await caught(authenticateApiKey({ token, ip, now }));
  return { code: error.appCode, trpc: error.code, message: error.message };
}

describe('API keys', () => {
  let org: RolesTestOrg;
  let other: RolesTestOrg;
  let owner: Person;
  let admin: Person;
  let viewer: Person;

  beforeAll(async () => {
    [org, other] = await Promise.all([rolesTestOrg('keys'), rolesTestOrg('keys-other')]);
    owner = org.ownerPerson;
    [admin, viewer] = await Promise.all([personIn(org, 'keys-admin', 'admin'), personIn(org, 'keys-viewer', 'viewer')]);
  });

  const create = (
    by: Person,
    input: { name: string; scopes: string[]; expiresAt?: Date | null; ipAllowlist?: string[] },
  ) =>
    by.caller.apiKeys.create({ orgSlug: org.slug, ...input } as Parameters<Person['caller']['apiKeys']['create']>[0]);

  it('creates a key shown once, lists it without secrets, and keeps the plaintext out of the database and the trail', async () => {
    const created = await create(admin, { name: 'CI deploys', scopes: ['users:read', 'audit:read'] });
    expect(created.token).toMatch(/^atr_[a-z2-7]{16}_[A-Za-z0-9_-]{43}$/);
    const { secret, lookup } = parseToken(created.token)!;
    expect(created).toMatchObject({ name: 'CI deploys', scopes: ['audit:read', 'users:read'], status: 'active' });
    expect(created.prefix).toBe(`atr_${lookup}`);

    const { keys } = await admin.caller.apiKeys.list({ orgSlug: org.slug });
    const listed = keys.find((k) => k.id === created.id);
    expect(listed).toMatchObject({ name: 'CI deploys', lastUsedAt: null, expiresAt: null, status: 'active' });
    expect(JSON.stringify(keys)).not.toContain(secret);

    const rotated = await admin.caller.apiKeys.rotate({ orgSlug: org.slug, keyId: created.id, graceHours: 1 });
    const newSecret = parseToken(rotated.token)!.secret;
    for (const plaintext of [secret, newSecret]) {
      const inKeys = await adminQuery('select 1 from api_keys k where k::text like $1', [`%${plaintext}%`]);
      const inTrail = await adminQuery('select 1 from audit_events e where org_id = $1 and e::text like $2', [
        org.orgId,
        `%${plaintext}%`,
      ]);
      expect(inKeys).toEqual([]);
      expect(inTrail).toEqual([]);
    }
    const events = await adminQuery<{ action: string; resource_type: string; resource_id: string; actor_id: string }>(
      `select action, resource_type, resource_id, actor_id from audit_events
        where org_id = $1 and action like 'apiKey.%' and outcome = 'success' order by seq`,
      [org.orgId],
    );
    expect(events.slice(0, 2)).toEqual([
      { action: 'apiKey.create', resource_type: 'api_key', resource_id: created.id, actor_id: admin.userId },
      { action: 'apiKey.rotate', resource_type: 'api_key', resource_id: created.id, actor_id: admin.userId },
    ]);
  });

  it('refuses scopes the creator does not hold, and members without api_keys:manage', async () => {
    const notHeld = await caught(create(admin, { name: 'Billing bot', scopes: ['users:read', 'billing:manage'] }));
    expect(notHeld.appCode).toBe('API_KEY_SCOPE_NOT_HELD');
    expect(notHeld.details).toMatchObject({ field: 'scopes', missingPermissions: ['billing:manage'] });
    expect((await caught(create(viewer, { name: 'Mine', scopes: ['users:read'] }))).appCode).toBe('PERMISSION_MISSING');
    expect((await caught(viewer.caller.apiKeys.list({ orgSlug: org.slug }))).appCode).toBe('PERMISSION_MISSING');
    const badRange = await caught(
      create(admin, { name: 'Ranges', scopes: ['users:read'], ipAllowlist: ['10.0.0.0/33'] }),
    );
    expect(badRange.code).toBe('BAD_REQUEST');
  });

  it('authenticates a good key as its principal with scopes ∩ the creator’s permissions, recording last use once a minute', async () => {
    const key = await create(admin, { name: 'Reader', scopes: ['users:read', 'audit:read', 'org:read'] });
    const auth = await authenticateApiKey({ token: key.token, ip: '127.0.0.1' });
    expect(auth.principal).toEqual({ type: 'apiKey', keyId: key.id, orgId: org.orgId, name: 'Reader' });
    expect(auth.permissions).toEqual(['audit:read', 'org:read', 'users:read']);
    expect(auth.creatorMembershipId).toBe(admin.membershipId);
    const [first] = await adminQuery<{ last_used_at: Date }>('select last_used_at from api_keys where id = $1', [
      key.id,
    ]);
    expect(first?.last_used_at).toBeInstanceOf(Date);
    await authenticateApiKey({ token: key.token, ip: '127.0.0.1' });
    const [second] = await adminQuery<{ last_used_at: Date }>('select last_used_at from api_keys where id = $1', [
      key.id,
    ]);
    expect(second?.last_used_at).toEqual(first?.last_used_at);
  });

  it('refuses malformed, unknown, revoked, expired and wrong-secret keys with their codes (401) and never names the org', async () => {
    const key = await create(admin, { name: 'Doomed', scopes: ['users:read'] });
    const { lookup, secret } = parseToken(key.token)!;
    expect(await refusalOf('atr_nope')).toMatchObject({ code: 'API_KEY_MALFORMED', trpc: 'UNAUTHORIZED' });
    expect(await refusalOf(`atr_${'a'.repeat(16)}_${secret}`)).toMatchObject({ code: 'API_KEY_UNKNOWN' });
    expect(await refusalOf(`atr_${lookup}_${'A'.repeat(43)}`)).toMatchObject({ code: 'API_KEY_UNKNOWN' });

    await adminQuery("update api_keys set expires_at = now() - interval '1 second' where id = $1", [key.id]);
    const expired = await refusalOf(key.token);
    expect(expired).toMatchObject({ code: 'API_KEY_EXPIRED', trpc: 'UNAUTHORIZED' });
    await adminQuery('update api_keys set expires_at = null where id = $1', [key.id]);

    const revoked = await admin.caller.apiKeys.revoke({ orgSlug: org.slug, keyId: key.id });
    expect(revoked.status).toBe('revoked');
    const refusal = await refusalOf(key.token);
    expect(refusal).toMatchObject({ code: 'API_KEY_REVOKED', trpc: 'UNAUTHORIZED' });
    for (const r of [expired, refusal]) {
      expect(r.message).not.toContain(org.slug);
      expect(r.message).not.toContain(org.orgId);
    }
    expect(
      (await caught(admin.caller.apiKeys.rotate({ orgSlug: org.slug, keyId: key.id, graceHours: 0 }))).appCode,
    ).toBe('API_KEY_IS_REVOKED');
  });

  it('keeps the old secret working through the rotation grace and refuses it after', async () => {
    const key = await create(admin, { name: 'Rotating', scopes: ['users:read'] });
    const rotated = await admin.caller.apiKeys.rotate({ orgSlug: org.slug, keyId: key.id, graceHours: 2 });
    expect(rotated.previousValidUntil).toBeInstanceOf(Date);
    expect((await authenticateApiKey({ token: key.token, ip: null })).principal.keyId).toBe(key.id);
    expect((await authenticateApiKey({ token: rotated.token, ip: null })).principal.keyId).toBe(key.id);
    const later = new Date(Date.now() + 3 * HOUR_MS);
    expect(await refusalOf(key.token, null, later)).toMatchObject({
      code: 'API_KEY_ROTATED_OUT',
      trpc: 'UNAUTHORIZED',
    });
    expect((await authenticateApiKey({ token: rotated.token, ip: null, now: later })).principal.keyId).toBe(key.id);

    const atOnce = await admin.caller.apiKeys.rotate({ orgSlug: org.slug, keyId: key.id, graceHours: 0 });
    expect(await refusalOf(rotated.token)).toMatchObject({ code: 'API_KEY_ROTATED_OUT' });
    expect((await authenticateApiKey({ token: atOnce.token, ip: null })).principal.keyId).toBe(key.id);
  });

  it('refuses a key used from outside its IP allowlist with 403', async () => {
    const key = await create(admin, {
      name: 'Office only',
      scopes: ['users:read'],
      ipAllowlist: ['10.0.0.0/8', '2001:db8::1'],
    });
    expect(key.ipAllowlist).toEqual(['10.0.0.0/8', '2001:db8::1/128']);
    expect((await authenticateApiKey({ token: key.token, ip: '10.20.30.40' })).principal.keyId).toBe(key.id);
    expect((await authenticateApiKey({ token: key.token, ip: '::ffff:10.1.1.1' })).principal.keyId).toBe(key.id);
    expect((await authenticateApiKey({ token: key.token, ip: '2001:db8::1' })).principal.keyId).toBe(key.id);
    expect(await refusalOf(key.token, '192.0.2.1')).toMatchObject({ code: 'API_KEY_IP_REFUSED', trpc: 'FORBIDDEN' });
    expect(await refusalOf(key.token, null)).toMatchObject({ code: 'API_KEY_IP_REFUSED' });
  });

  it('narrows a key to what its creator still holds, and stops it when the creator is deactivated', async () => {
    const creator = await personIn(org, 'keys-creator', 'admin');
    const key = await create(creator, { name: 'Shrinking', scopes: ['users:read', 'roles:manage'] });
    expect((await authenticateApiKey({ token: key.token, ip: null })).permissions).toEqual([
      'roles:manage',
      'users:read',
    ]);

    const viewerRole = await systemRoleId(org.orgId, 'viewer');
    await owner.caller.roles.setMemberRoles({
      orgSlug: org.slug,
      membershipId: creator.membershipId,
      roleIds: [viewerRole],
    });
    expect((await authenticateApiKey({ token: key.token, ip: null })).permissions).toEqual(['users:read']);

    await owner.caller.members.deactivate({ orgSlug: org.slug, membershipId: creator.membershipId });
    expect(await refusalOf(key.token)).toMatchObject({ code: 'API_KEY_CREATOR_INACTIVE', trpc: 'UNAUTHORIZED' });
  });

  it('never reaches another org: its tenant transaction sees only its own keys, and the lookup answers only pre-tenant', async () => {
    const mine = await create(admin, { name: 'Mine only', scopes: ['users:read'] });
    const theirs = await other.ownerPerson.caller.apiKeys.create({
      orgSlug: other.slug,
      name: 'Theirs',
      scopes: ['users:read'],
    });
    const { principal } = await authenticateApiKey({ token: mine.token, ip: null });
    expect(principal.orgId).toBe(org.orgId);

    const seen = await withTenant(principal.orgId, principal, async (tx) => {
      const { rows: keys } = await tx.$client.query<{ id: string }>('select id from api_keys where id = any($1)', [
        [mine.id, theirs.id],
      ]);
      const { rows: members } = await tx.$client.query('select 1 from memberships where org_id = $1', [other.orgId]);
      const { rows: lookup } = await tx.$client.query('select * from app_api_key_lookup($1)', [
        parseToken(theirs.token)!.lookup,
      ]);
      const { rows: emails } = await tx.$client.query(
        "select 1 from notifications where org_id = $1 and email_state = 'pending'",
        [principal.orgId],
      );
      return { keys: keys.map((r) => r.id), members: members.length, lookup: lookup.length, emails: emails.length };
    });
    expect(seen).toEqual({ keys: [mine.id], members: 0, lookup: 0, emails: 0 });
  });

  it('deletes a key, asking for its name when it was used in the last 7 days', async () => {
    const unused = await create(admin, { name: 'Never used', scopes: ['users:read'] });
    expect(await admin.caller.apiKeys.delete({ orgSlug: org.slug, keyId: unused.id })).toEqual({ id: unused.id });

    const used = await create(admin, { name: 'Busy key', scopes: ['users:read'] });
    await authenticateApiKey({ token: used.token, ip: null });
    const refused = await caught(admin.caller.apiKeys.delete({ orgSlug: org.slug, keyId: used.id }));
    expect(refused).toMatchObject({ appCode: 'API_KEY_CONFIRMATION_REQUIRED', details: { field: 'confirmName' } });
    const wrong = await caught(admin.caller.apiKeys.delete({ orgSlug: org.slug, keyId: used.id, confirmName: 'busy' }));
    expect(wrong.appCode).toBe('API_KEY_CONFIRMATION_REQUIRED');
    await admin.caller.apiKeys.delete({ orgSlug: org.slug, keyId: used.id, confirmName: 'Busy key' });
    expect(await refusalOf(used.token)).toMatchObject({ code: 'API_KEY_UNKNOWN' });
    const { keys } = await admin.caller.apiKeys.list({ orgSlug: org.slug });
    expect(keys.map((k) => k.id)).not.toContain(used.id);
    expect((await caught(admin.caller.apiKeys.revoke({ orgSlug: org.slug, keyId: used.id }))).appCode).toBe(
      'API_KEY_NOT_FOUND',
    );
  });
});
