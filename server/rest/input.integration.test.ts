/**
 * What the REST API answers to input it cannot take, over real HTTP: 400 INVALID_INPUT naming each
 * field as the client wrote it (the path's `id`, the query's `limit`, the body's `name`) — the
 * procedures' own schemas decide, so NUL, lone surrogates and 10,000-character values are refused
 * like in the portal; bodies that are not JSON; unknown routes (404) and methods (405); the
 * OpenAPI document and the viewer's assets served without a key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personIn, rolesTestOrg, type Person, type RolesTestOrg } from '../roles/testFixtures';
import { createTestKey, startTestApi, type TestApi } from './testFixtures';

type Field = { field: string; in: string; message: string };

describe('REST input', () => {
  let api: TestApi;
  let org: RolesTestOrg;
  let admin: Person;
  let token: string;

  beforeAll(async () => {
    api = await startTestApi();
    org = await rolesTestOrg('rest-input');
    admin = await personIn(org, 'rest-input-admin', 'admin');
    ({ token } = await createTestKey(admin, org.slug, {
      scopes: ['users:read', 'users:manage', 'roles:read', 'roles:manage', 'audit:read'],
    }));
  });
  afterAll(() => api.close());

  async function refusedFields(method: string, path: string, body?: unknown): Promise<Field[]> {
    const response = await api.call(method, path, { token, body });
    expect(response.status, response.text).toBe(400);
    expect(response.body.error.code).toBe('INVALID_INPUT');
    return response.body.error.details.fields as Field[];
  }

  it('names the query parameter, the path parameter and the body field as sent', async () => {
    expect(await refusedFields('GET', '/members?limit=abc')).toEqual([
      expect.objectContaining({ field: 'limit', in: 'query' }),
    ]);
    expect(await refusedFields('GET', '/members?limit=1000')).toEqual([
      expect.objectContaining({ field: 'limit', in: 'query', message: expect.stringContaining('100') }),
    ]);
    expect(await refusedFields('GET', '/members/not-a-uuid')).toEqual([
      expect.objectContaining({ field: 'id', in: 'path', message: 'Not a member id' }),
    ]);
    const fields = await refusedFields('POST', '/roles', { name: '', permissions: ['nope:nope'] });
    expect(fields.map((f) => f.field)).toEqual(expect.arrayContaining(['name', 'permissions.0']));
    expect(fields.every((f) => f.in === 'body')).toBe(true);
    const response = await api.call('GET', '/members?limit=abc', { token });
    expect(response.body.error.message).toBe('Some fields are invalid: limit');
  });

  it('refuses NUL, lone surrogates and 10,000 characters with the field named, never a 500', async () => {
    expect((await refusedFields('GET', '/members?q=a%00b'))[0]).toMatchObject({ field: 'q', in: 'query' });
    expect((await refusedFields('GET', `/members?q=${'x'.repeat(10_000)}`))[0]).toMatchObject({ field: 'q' });
    const surrogate = await api.call('POST', '/roles', {
      token,
      rawBody: '{"name":"Lone \\ud800 surrogate","description":"","permissions":["users:read"],"inherits":[]}',
    });
    expect(surrogate.status).toBe(400);
    expect(surrogate.body.error.details.fields).toEqual([expect.objectContaining({ field: 'name', in: 'body' })]);
    expect((await refusedFields('GET', `/audit-events?cursor=${'9'.repeat(10_000)}`))[0]).toMatchObject({
      field: 'cursor',
    });
  });

  it('refuses unknown query parameters, repeated single values, bodies that are not JSON objects and bodies where none belong', async () => {
    expect(await refusedFields('GET', '/members?limt=5')).toEqual([
      { field: 'limt', in: 'query', message: 'Unknown query parameter' },
    ]);
    expect((await refusedFields('GET', '/members?limit=5&limit=6'))[0]).toMatchObject({ field: 'limit' });
    const notJson = await api.call('POST', '/roles', { token, rawBody: '{"name":' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.details.fields[0]).toMatchObject({ field: '(body)', message: 'Not valid JSON' });
    const array = await api.call('POST', '/roles', { token, rawBody: '[1,2]' });
    expect(array.body.error.details.fields[0]).toMatchObject({ field: '(body)', message: 'Send a JSON object' });
    const form = await api.call('POST', '/roles', {
      token,
      rawBody: 'name=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(400);
    const stray = await api.call('POST', `/members/${admin.membershipId}/deactivate`, { token, body: { force: true } });
    expect(stray.body.error.details.fields[0]).toMatchObject({ field: '(body)', message: 'This route takes no body' });
  });

  it('answers an unknown route 404 and a wrong method 405 with Allow, as JSON', async () => {
    const missing = await api.call('GET', '/no-such-resource', { token });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('ROUTE_NOT_FOUND');
    const wrong = await api.call('PUT', '/roles', { token, body: {} });
    expect(wrong.status).toBe(405);
    expect(wrong.body.error.code).toBe('METHOD_NOT_ALLOWED');
    expect(wrong.headers.get('allow')).toBe('GET, POST');
    expect(wrong.headers.get('content-type')).toContain('application/json');
  });

  it('serves the OpenAPI document and the reference viewer without a key, cacheable', async () => {
    const document = await api.call('GET', '/openapi.json');
    expect(document.status).toBe(200);
    expect(document.body).toMatchObject({ openapi: '3.1.0', servers: [{ url: '/api/v1' }] });
    expect(document.headers.get('cache-control')).toBe('public, max-age=300');
    const viewer = await api.call('GET', '/reference/swagger-ui-bundle.js');
    expect(viewer.status).toBe(200);
    expect(viewer.headers.get('content-type')).toContain('javascript');
    expect(viewer.headers.get('cache-control')).toBe('public, max-age=86400');
  });

  it('answers a body over the limit with 413', async () => {
    const huge = await api.call('POST', '/roles', { token, rawBody: JSON.stringify({ name: 'x'.repeat(1_100_000) }) });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('BODY_TOO_LARGE');
  });
});
