/**
 * Webhook endpoints through the real procedure chain and database: create (secret shown once,
 * stored only sealed, never in a list, a get or the trail), update with version checks, enable
 * after a failure run, delete; rotation with and without an overlap; the URL rule at save; the
 * permission gate; another org's endpoint answering NOT_FOUND; and hostile input refused as a
 * 400 naming the field.
 */
import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { adminQuery } from '../../test/db';
import { caught, personIn, rolesTestOrg, type Person, type RolesTestOrg } from '../roles/testFixtures';
import { MAX_ENDPOINTS_PER_ORG } from './schemas';
import { openEndpointSecret } from './secret';
import { withPrivateUrls } from './testFixtures';

const URL_IN = 'https://hooks.example.test/atrium';
const HOUR_MS = 3_600_000;

type Sealed = { sealed_secret: string; sealed_previous_secret: string | null; previous_secret_expires_at: Date | null };

async function sealedOf(endpointId: string): Promise<Sealed> {
  const [row] = await adminQuery<Sealed>(
    'select sealed_secret, sealed_previous_secret, previous_secret_expires_at from webhook_endpoints where id = $1',
    [endpointId],
  );
  return row!;
}

/** The fields a refused input names (zod's flattened field errors). */
function refusedFields(error: TRPCError): string[] {
  expect(error.code).toBe('BAD_REQUEST');
  expect(error.cause).toBeInstanceOf(ZodError);
  return Object.keys((error.cause as ZodError).flatten().fieldErrors);
}

describe('webhook endpoints', () => {
  let org: RolesTestOrg;
  let other: RolesTestOrg;
  let admin: Person;
  let member: Person;
  let viewer: Person;

  beforeAll(async () => {
    [org, other] = await Promise.all([rolesTestOrg('hooks'), rolesTestOrg('hooks-other')]);
    [admin, member, viewer] = await Promise.all([
      personIn(org, 'hooks-admin', 'admin'),
      personIn(org, 'hooks-member', 'member'),
      personIn(org, 'hooks-viewer', 'viewer'),
    ]);
  });

  const create = (
    by: Person,
    input: { url?: string; description?: string; eventTypes?: string[]; isEnabled?: boolean },
  ) =>
    by.caller.webhooks.create({
      orgSlug: org.slug,
      url: URL_IN,
      eventTypes: ['member.joined'],
      ...input,
    } as Parameters<Person['caller']['webhooks']['create']>[0]);

  it('creates an endpoint whose secret is shown once, stored sealed, and never listed, read or audited', async () => {
    const created = await create(admin, {
      description: 'CRM sync',
      eventTypes: ['team.created', 'member.joined', 'team.created'],
    });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(created.secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
    expect(created.endpoint).toMatchObject({
      url: URL_IN,
      description: 'CRM sync',
      eventTypes: ['member.joined', 'team.created'],
      isEnabled: true,
      disabledReason: null,
      failingSince: null,
      previousSecretExpiresAt: null,
      version: 1,
      lastDelivery: null,
      failedLast24h: 0,
    });

    const sealed = await sealedOf(created.endpoint.id);
    expect(sealed.sealed_secret).toMatch(/^v1\./);
    expect(openEndpointSecret(org.orgId, created.endpoint.id, sealed.sealed_secret)).toBe(created.secret);
    // Bound to its endpoint: the same sealed value does not open as another endpoint's.
    expect(() => openEndpointSecret(org.orgId, other.orgId, sealed.sealed_secret)).toThrow();

    const { items } = await member.caller.webhooks.list({ orgSlug: org.slug });
    expect(items.map((e) => e.id)).toContain(created.endpoint.id);
    const got = await member.caller.webhooks.get({ orgSlug: org.slug, id: created.endpoint.id });
    expect(got).toEqual(created.endpoint);
    const plain = created.secret.slice('whsec_'.length);
    for (const text of [JSON.stringify(items), JSON.stringify(got)]) {
      expect(text).not.toContain(plain);
      expect(text).not.toContain(sealed.sealed_secret);
    }
    const inTable = await adminQuery('select 1 from webhook_endpoints e where e::text like $1', [`%${plain}%`]);
    expect(inTable).toEqual([]);

    await admin.caller.webhooks.rotateSecret({ orgSlug: org.slug, id: created.endpoint.id, overlapHours: 2 });
    const events = await adminQuery<{ action: string; resource_type: string; resource_id: string; row: string }>(
      `select action, resource_type, resource_id, e::text as row from audit_events e
        where org_id = $1 and action like 'webhook.%' and outcome = 'success' order by seq`,
      [org.orgId],
    );
    expect(events.slice(0, 2).map(({ row: _row, ...event }) => event)).toEqual([
      { action: 'webhook.create', resource_type: 'webhook_endpoint', resource_id: created.endpoint.id },
      { action: 'webhook.rotateSecret', resource_type: 'webhook_endpoint', resource_id: created.endpoint.id },
    ]);
    for (const { row } of events) {
      expect(row).not.toContain(plain);
      expect(row).not.toContain('v1.');
    }
    const [after] = await adminQuery<{ after: Record<string, unknown> }>(
      `select after from audit_events where org_id = $1 and action = 'webhook.create'`,
      [org.orgId],
    );
    expect(after?.after).toMatchObject({ url: URL_IN, description: 'CRM sync', isEnabled: true });
  });

  it('updates with the version seen, refuses a stale one, and switching on clears the failure run', async () => {
    const { endpoint } = await create(admin, { description: 'Before' });
    const updated = await admin.caller.webhooks.update({
      orgSlug: org.slug,
      id: endpoint.id,
      version: endpoint.version,
      description: 'After',
      eventTypes: ['*'],
      url: 'https://other.example.test/hook',
    });
    expect(updated).toMatchObject({ description: 'After', eventTypes: ['*'], url: 'https://other.example.test/hook' });
    expect(updated.version).toBe(endpoint.version + 1);

    const stale = await caught(
      admin.caller.webhooks.update({
        orgSlug: org.slug,
        id: endpoint.id,
        version: endpoint.version,
        description: 'Lost',
      }),
    );
    expect(stale).toMatchObject({ code: 'CONFLICT', appCode: 'STALE_VERSION' });

    await adminQuery(
      `update webhook_endpoints set is_enabled = false, disabled_reason = 'failing', failing_since = now() - interval '5 days',
              version = version + 1 where id = $1`,
      [endpoint.id],
    );
    const off = await admin.caller.webhooks.get({ orgSlug: org.slug, id: endpoint.id });
    expect(off).toMatchObject({ isEnabled: false, disabledReason: 'failing' });
    expect(off.failingSince).not.toBeNull();
    const on = await admin.caller.webhooks.update({
      orgSlug: org.slug,
      id: endpoint.id,
      version: off.version,
      isEnabled: true,
    });
    expect(on).toMatchObject({ isEnabled: true, disabledReason: null, failingSince: null });
    const byHand = await admin.caller.webhooks.update({
      orgSlug: org.slug,
      id: endpoint.id,
      version: on.version,
      isEnabled: false,
    });
    expect(byHand).toMatchObject({ isEnabled: false, disabledReason: 'admin' });

    expect(await admin.caller.webhooks.delete({ orgSlug: org.slug, id: endpoint.id })).toEqual({ ok: true });
    const gone = await caught(admin.caller.webhooks.get({ orgSlug: org.slug, id: endpoint.id }));
    expect(gone).toMatchObject({ code: 'NOT_FOUND', appCode: 'WEBHOOK_ENDPOINT_NOT_FOUND' });
  });

  it('rotates keeping the replaced secret sealed during the overlap, and drops it at once with overlap 0', async () => {
    const { endpoint, secret: first } = await create(admin, {});
    const before = Date.now();
    const rotated = await admin.caller.webhooks.rotateSecret({ orgSlug: org.slug, id: endpoint.id, overlapHours: 24 });
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(first);
    const expires = new Date(rotated.previousSecretExpiresAt!).getTime();
    expect(expires).toBeGreaterThanOrEqual(before + 24 * HOUR_MS);
    expect(expires).toBeLessThan(Date.now() + 24 * HOUR_MS + 1_000);

    const overlapping = await sealedOf(endpoint.id);
    expect(openEndpointSecret(org.orgId, endpoint.id, overlapping.sealed_secret)).toBe(rotated.secret);
    expect(openEndpointSecret(org.orgId, endpoint.id, overlapping.sealed_previous_secret!)).toBe(first);
    expect(overlapping.previous_secret_expires_at?.toISOString()).toBe(rotated.previousSecretExpiresAt);
    const shown = await admin.caller.webhooks.get({ orgSlug: org.slug, id: endpoint.id });
    expect(shown.previousSecretExpiresAt).toBe(rotated.previousSecretExpiresAt);

    const atOnce = await admin.caller.webhooks.rotateSecret({ orgSlug: org.slug, id: endpoint.id, overlapHours: 0 });
    expect(atOnce.previousSecretExpiresAt).toBeNull();
    const alone = await sealedOf(endpoint.id);
    expect(alone).toMatchObject({ sealed_previous_secret: null, previous_secret_expires_at: null });
    expect(openEndpointSecret(org.orgId, endpoint.id, alone.sealed_secret)).toBe(atOnce.secret);
    expect(
      (await admin.caller.webhooks.get({ orgSlug: org.slug, id: endpoint.id })).previousSecretExpiresAt,
    ).toBeNull();
  });

  it('refuses changes to members without webhooks:manage and reading to those without webhooks:read', async () => {
    const { endpoint } = await create(admin, {});
    const refusals = await Promise.all(
      [
        create(member, {}),
        member.caller.webhooks.update({
          orgSlug: org.slug,
          id: endpoint.id,
          version: endpoint.version,
          description: 'x',
        }),
        member.caller.webhooks.delete({ orgSlug: org.slug, id: endpoint.id }),
        member.caller.webhooks.rotateSecret({ orgSlug: org.slug, id: endpoint.id, overlapHours: 0 }),
        member.caller.webhooks.sendTest({ orgSlug: org.slug, id: endpoint.id }),
        member.caller.webhooks.replayFailed({ orgSlug: org.slug, endpointId: endpoint.id }),
        viewer.caller.webhooks.list({ orgSlug: org.slug }),
      ].map(caught),
    );
    for (const refused of refusals) {
      expect(refused).toMatchObject({ code: 'FORBIDDEN', appCode: 'PERMISSION_MISSING' });
    }
    expect((await sealedOf(endpoint.id)).sealed_previous_secret).toBeNull();
  });

  it("answers NOT_FOUND for another org's endpoint, whatever the procedure", async () => {
    const { endpoint } = await create(admin, {});
    const outsider = other.ownerPerson.caller.webhooks;
    const slug = other.slug;
    const attempts = await Promise.all(
      [
        outsider.get({ orgSlug: slug, id: endpoint.id }),
        outsider.update({ orgSlug: slug, id: endpoint.id, version: endpoint.version, description: 'Mine now' }),
        outsider.delete({ orgSlug: slug, id: endpoint.id }),
        outsider.rotateSecret({ orgSlug: slug, id: endpoint.id, overlapHours: 0 }),
        outsider.sendTest({ orgSlug: slug, id: endpoint.id }),
        outsider.deliveries({ orgSlug: slug, endpointId: endpoint.id }),
        outsider.replayFailed({ orgSlug: slug, endpointId: endpoint.id }),
      ].map(caught),
    );
    for (const attempt of attempts) {
      expect(attempt).toMatchObject({ code: 'NOT_FOUND', appCode: 'WEBHOOK_ENDPOINT_NOT_FOUND' });
    }
    expect((await outsider.list({ orgSlug: slug })).items).toEqual([]);
    expect(await admin.caller.webhooks.get({ orgSlug: org.slug, id: endpoint.id })).toMatchObject({ version: 1 });
  });

  it('refuses URLs that are not https or point inside the network, saying why on the url field', async () => {
    const refusals = [
      'http://hooks.example.test/in',
      'https://127.0.0.1/in',
      'https://169.254.169.254/latest/meta-data',
      'https://localhost/in',
      'https://[::1]/in',
      'https://user:pass@hooks.example.test/in',
    ];
    for (const url of refusals) {
      const error = await caught(create(admin, { url }));
      expect(error, url).toMatchObject({ code: 'BAD_REQUEST', appCode: 'WEBHOOK_URL_REFUSED' });
      expect(error.details).toMatchObject({ field: 'url' });
      expect(error.message.length).toBeGreaterThan(10);
    }
    const { endpoint } = await create(admin, {});
    const onUpdate = await caught(
      admin.caller.webhooks.update({ orgSlug: org.slug, id: endpoint.id, version: 1, url: 'https://10.0.0.8/in' }),
    );
    expect(onUpdate).toMatchObject({ appCode: 'WEBHOOK_URL_REFUSED', details: { field: 'url' } });

    await withPrivateUrls(true, async () => {
      const local = await create(admin, { url: 'http://127.0.0.1:9/in' });
      expect(local.endpoint.url).toBe('http://127.0.0.1:9/in');
      const metadata = await caught(create(admin, { url: 'http://169.254.169.254/latest/meta-data' }));
      expect(metadata).toMatchObject({ appCode: 'WEBHOOK_URL_REFUSED', details: { field: 'url' } });
    });
  });

  it('refuses hostile input (NUL, lone surrogates, 10k characters, unknown event types) as a 400 naming the field', async () => {
    const cases: [Parameters<typeof create>[1], string][] = [
      [{ description: 'nul\0here' }, 'description'],
      [{ description: 'half \uD800 a pair' }, 'description'],
      [{ description: 'x'.repeat(10_000) }, 'description'],
      [{ url: `https://hooks.example.test/\uDC00` }, 'url'],
      [{ url: `https://hooks.example.test/${'a'.repeat(10_000)}` }, 'url'],
      [{ url: 'not a url' }, 'url'],
      [{ eventTypes: ['member.exploded'] }, 'eventTypes'],
      [{ eventTypes: [] }, 'eventTypes'],
    ];
    for (const [input, field] of cases) {
      const error = await caught(create(admin, input));
      expect(refusedFields(error), field).toEqual([field]);
    }
    const badId = await caught(admin.caller.webhooks.get({ orgSlug: org.slug, id: 'x\0' }));
    expect(refusedFields(badId)).toEqual(['id']);
  });

  it(`keeps an organization to ${MAX_ENDPOINTS_PER_ORG} endpoints, with a clear refusal`, async () => {
    const full = await rolesTestOrg('hooks-full');
    const owner = full.ownerPerson.caller.webhooks;
    for (let i = 0; i < MAX_ENDPOINTS_PER_ORG; i++) {
      await owner.create({ orgSlug: full.slug, url: `${URL_IN}/${i}`, eventTypes: ['*'] });
    }
    const refused = await caught(owner.create({ orgSlug: full.slug, url: URL_IN, eventTypes: ['*'] }));
    expect(refused).toMatchObject({
      code: 'BAD_REQUEST',
      appCode: 'INVALID_INPUT',
      details: { limit: MAX_ENDPOINTS_PER_ORG },
    });
    expect(refused.message).toContain(`${MAX_ENDPOINTS_PER_ORG}`);
  });
});
