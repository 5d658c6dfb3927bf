/**
 * Per-key rate limits over real HTTP (Redis fixed window): every answer carries the RateLimit-*
 * headers; past the limit the key gets 429 with Retry-After and a JSON body, while another key
 * of the same org is unaffected, and requests with forged secrets spend nothing of a key's budget;
 * each answer to the key is counted for its usage chart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery } from '../../test/db';
import { flushApiKeyUsage } from '../apiKeys/usage';
import { getRedis } from '../redis';
import { personIn, rolesTestOrg, type Person, type RolesTestOrg } from '../roles/testFixtures';
import { createTestKey, startTestApi, type TestApi } from './testFixtures';

describe('REST rate limits', () => {
  let api: TestApi;
  let org: RolesTestOrg;
  let admin: Person;

  beforeAll(async () => {
    api = await startTestApi({ rateLimitPerMinute: 3 });
    org = await rolesTestOrg('rest-limits');
    admin = await personIn(org, 'rest-limits-admin', 'admin');
  });
  afterAll(() => api.close());

  it('counts each key’s requests and answers 429 with Retry-After past the limit', async () => {
    const busy = await createTestKey(admin, org.slug, { scopes: ['roles:read'] });
    const quiet = await createTestKey(admin, org.slug, { scopes: ['roles:read'] });
    // Made-up secrets with the key's visible prefix are refused and spend nothing of its budget.
    const [, lookup] = busy.token.split('_');
    for (let i = 0; i < 4; i++) {
      const forged = await api.call('GET', '/roles', { token: `atr_${lookup}_${'B'.repeat(43)}` });
      expect(forged.status).toBe(401);
    }
    const remaining: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await api.call('GET', '/roles', { token: busy.token });
      expect(response.status).toBe(200);
      expect(response.headers.get('ratelimit-limit')).toBe('3');
      expect(response.headers.get('x-ratelimit-limit')).toBe('3');
      remaining.push(response.headers.get('ratelimit-remaining'));
      const reset = Number(response.headers.get('ratelimit-reset'));
      expect(reset).toBeGreaterThan(0);
      expect(reset).toBeLessThanOrEqual(60);
    }
    expect(remaining).toEqual(['2', '1', '0']);

    const limited = await api.call('GET', '/roles', { token: busy.token });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(limited.body.error.requestId).toEqual(expect.any(String));
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');

    const other = await api.call('GET', '/roles', { token: quiet.token });
    expect(other.status).toBe(200);
    expect(other.headers.get('ratelimit-remaining')).toBe('2');

    // The key's usage chart counts its answers by outcome; the forged requests were not the key's.
    await flushApiKeyUsage();
    const [usage] = await adminQuery<{ ok: number; client_errors: number; limited: number }>(
      `select sum(ok)::int as ok, sum(client_errors)::int as client_errors, sum(limited)::int as limited
         from api_key_usage where key_id = $1`,
      [busy.id],
    );
    expect(usage).toEqual({ ok: 3, client_errors: 0, limited: 1 });
  });
});

const FAILURES_OF_LOOPBACK = 'ratelimit:api-key-failures:127.0.0.1';

describe('REST refused authentications', () => {
  let api: TestApi;
  let org: RolesTestOrg;
  let admin: Person;

  beforeAll(async () => {
    await getRedis().del(FAILURES_OF_LOOPBACK);
    api = await startTestApi({ authFailuresPerMinute: 3 });
    org = await rolesTestOrg('rest-auth-failures');
    admin = await personIn(org, 'rest-auth-failures-admin', 'admin');
  });
  // The count is per address (127.0.0.1 for every test of this worker): start from none, leave none.
  afterAll(async () => {
    await getRedis().del(FAILURES_OF_LOOPBACK);
    await api.close();
  });

  it('answers 429 with Retry-After to an address past its refused keys, before looking any key up', async () => {
    const key = await createTestKey(admin, org.slug, { scopes: ['roles:read'] });
    expect((await api.call('GET', '/roles', { token: key.token })).status).toBe(200);
    for (let i = 0; i < 3; i++) {
      const refused = await api.call('GET', '/roles', { token: `atr_${'a'.repeat(16)}_${'B'.repeat(43)}` });
      expect(refused.status).toBe(401);
      expect(refused.body.error.code).toBe('API_KEY_UNKNOWN');
    }
    const limited = await api.call('GET', '/roles', { token: `atr_${'a'.repeat(16)}_${'B'.repeat(43)}` });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // The address is held off for the window, whatever key it sends now: no lookup answers it.
    const good = await api.call('GET', '/roles', { token: key.token });
    expect(good.status).toBe(429);
  });
});
