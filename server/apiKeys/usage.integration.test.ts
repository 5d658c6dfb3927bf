/**
 * Per-key usage through the real buffer, the real flush into PostgreSQL and the real procedure:
 * counts add up across flushes and land in the right outcome class; each org's counts are
 * written in its own transaction and read only there; a flush that fails for one org keeps that
 * org's counts for the next one and does not hold up the others; the chart's buckets come back
 * complete, hourly for a day and by the org's calendar days for a week or a month.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyUsage } from '../../db/schema';
import { adminQuery, closeAdminPool } from '../../test/db';
import { closeAppPool } from '../database';
import { caught, rolesTestOrg, type RolesTestOrg } from '../roles/testFixtures';
import { withTenant } from '../tenancy/withTenant';
import { closeApiKeyUsage, flushApiKeyUsage, recordApiKeyRequest } from './usage';

const HOUR_MS = 3_600_000;
const SYSTEM = { type: 'system', name: 'test' } as const;

type Totals = { ok: number; client_errors: number; server_errors: number; limited: number };

/** A key's counts over every hour, as the superuser sees them (a flush may straddle an hour). */
async function totalsOf(keyId: string): Promise<Totals> {
  const [row] = await adminQuery<Totals>(
    `select coalesce(sum(ok), 0)::int as ok, coalesce(sum(client_errors), 0)::int as client_errors,
            coalesce(sum(server_errors), 0)::int as server_errors, coalesce(sum(limited), 0)::int as limited
       from api_key_usage where key_id = $1`,
    [keyId],
  );
  return row!;
}

function requests(orgId: string, keyId: string, statuses: number[]): void {
  for (const status of statuses) recordApiKeyRequest({ orgId, keyId, status });
}

describe('API key usage', () => {
  let org: RolesTestOrg;
  let other: RolesTestOrg;
  const newKey = async (owner: RolesTestOrg, name: string) =>
    (await owner.ownerPerson.caller.apiKeys.create({ orgSlug: owner.slug, name, scopes: ['users:read'] })).id;

  beforeAll(async () => {
    [org, other] = await Promise.all([rolesTestOrg('usage'), rolesTestOrg('usage-other')]);
  });

  afterAll(async () => {
    await closeApiKeyUsage();
    await closeAppPool();
    await closeAdminPool();
  });

  it('adds the counts of every flush to the key’s hour, in four disjoint outcome classes', async () => {
    const keyId = await newKey(org, 'summed');
    requests(org.orgId, keyId, [200, 201, 204, 304, 404, 429, 503]);
    await flushApiKeyUsage();
    expect(await totalsOf(keyId)).toEqual({ ok: 4, client_errors: 1, server_errors: 1, limited: 1 });

    requests(org.orgId, keyId, [200, 400, 422, 429, 500]);
    await flushApiKeyUsage();
    expect(await totalsOf(keyId)).toEqual({ ok: 5, client_errors: 3, server_errors: 2, limited: 2 });

    // Nothing new: a flush writes nothing and changes nothing.
    await flushApiKeyUsage();
    expect(await totalsOf(keyId)).toEqual({ ok: 5, client_errors: 3, server_errors: 2, limited: 2 });

    const usage = await org.ownerPerson.caller.apiKeys.usage({ orgSlug: org.slug, keyId, range: '24h' });
    const sum = (field: 'ok' | 'clientErrors' | 'serverErrors' | 'limited') =>
      usage.buckets.reduce((total, bucket) => total + bucket[field], 0);
    expect([sum('ok'), sum('clientErrors'), sum('serverErrors'), sum('limited')]).toEqual([5, 3, 2, 2]);
  });

  it('writes each org’s counts in its own tenant, and never into another org’s key', async () => {
    const [mine, theirs] = await Promise.all([newKey(org, 'mine'), newKey(other, 'theirs')]);
    requests(org.orgId, mine, [200, 200]);
    requests(other.orgId, theirs, [200, 500]);
    // An org id paired with another org's key: the flush of that org finds no such key and skips it.
    requests(org.orgId, theirs, [200, 200, 200]);
    await flushApiKeyUsage();

    expect(await totalsOf(mine)).toEqual({ ok: 2, client_errors: 0, server_errors: 0, limited: 0 });
    expect(await totalsOf(theirs)).toEqual({ ok: 1, client_errors: 0, server_errors: 1, limited: 0 });

    const seenBy = (orgId: string) =>
      withTenant(orgId, SYSTEM, (tx) => tx.select({ keyId: apiKeyUsage.keyId }).from(apiKeyUsage));
    expect((await seenBy(org.orgId)).map((row) => row.keyId)).not.toContain(theirs);
    expect((await seenBy(other.orgId)).map((row) => row.keyId)).toEqual([theirs]);

    // The procedure answers about keys of the caller's org only.
    const refused = await caught(
      org.ownerPerson.caller.apiKeys.usage({ orgSlug: org.slug, keyId: theirs, range: '7d' }),
    );
    expect(refused.appCode).toBe('API_KEY_NOT_FOUND');
  });

  it('keeps the counts of an org whose flush failed for the next flush, and writes the other orgs', async () => {
    const [failing, fine] = await Promise.all([newKey(org, 'failing'), newKey(other, 'fine')]);
    // A real refusal by PostgreSQL for this one key's rows (the superuser adds it, then removes it).
    await adminQuery(
      `alter table api_key_usage add constraint usage_test_refuses check (key_id <> '${failing}') not valid`,
    );
    try {
      requests(org.orgId, failing, [200, 429]);
      requests(other.orgId, fine, [200]);
      await flushApiKeyUsage();
      expect(await totalsOf(failing)).toEqual({ ok: 0, client_errors: 0, server_errors: 0, limited: 0 });
      expect(await totalsOf(fine)).toEqual({ ok: 1, client_errors: 0, server_errors: 0, limited: 0 });
      requests(org.orgId, failing, [200, 404]);
    } finally {
      await adminQuery('alter table api_key_usage drop constraint usage_test_refuses');
    }
    await flushApiKeyUsage();
    // What the failed flush held, plus what came after it.
    expect(await totalsOf(failing)).toEqual({ ok: 2, client_errors: 1, server_errors: 0, limited: 1 });
    expect(await totalsOf(fine)).toEqual({ ok: 1, client_errors: 0, server_errors: 0, limited: 0 });
  });

  it('skips a key deleted before the flush, and ignores what names no key at all, without throwing', async () => {
    const doomed = await newKey(org, 'doomed');
    const kept = await newKey(org, 'kept');
    requests(org.orgId, doomed, [200]);
    requests(org.orgId, kept, [200]);
    expect(() => recordApiKeyRequest({ orgId: 'not-a-uuid', keyId: kept, status: 200 })).not.toThrow();
    expect(() => recordApiKeyRequest({ orgId: org.orgId, keyId: kept, status: Number.NaN })).not.toThrow();
    await org.ownerPerson.caller.apiKeys.delete({ orgSlug: org.slug, keyId: doomed });
    await flushApiKeyUsage();
    expect(await totalsOf(doomed)).toEqual({ ok: 0, client_errors: 0, server_errors: 0, limited: 0 });
    expect(await totalsOf(kept)).toEqual({ ok: 1, client_errors: 0, server_errors: 0, limited: 0 });
  });

  it('fills every bucket: 24 UTC hours, or 7 and 30 days of the org’s calendar', async () => {
    const keyId = await newKey(other, 'charted');
    await adminQuery(`update organizations set timezone = 'America/New_York' where id = $1`, [other.orgId]);
    const thisHour = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
    const seed = (hoursAgo: number, ok: number, limited = 0) =>
      adminQuery(
        `insert into api_key_usage (org_id, key_id, hour, ok, client_errors, limited) values ($1, $2, $3, $4, $5, $5)`,
        [other.orgId, keyId, new Date(thisHour - hoursAgo * HOUR_MS), ok, limited],
      );
    await seed(0, 3);
    await seed(2, 5, 1);
    await seed(5 * 24, 7);
    await seed(40 * 24, 100); // older than every range

    const ask = (range: '24h' | '7d' | '30d') =>
      other.ownerPerson.caller.apiKeys.usage({ orgSlug: other.slug, keyId, range });

    const day = await ask('24h');
    expect(day).toMatchObject({ range: '24h', bucket: 'hour', timeZone: 'UTC' });
    expect(day.buckets).toHaveLength(24);
    expect(day.buckets.at(-1)).toEqual({
      start: new Date(thisHour).toISOString(),
      ok: 3,
      clientErrors: 0,
      serverErrors: 0,
      limited: 0,
    });
    expect(day.buckets.at(-3)).toMatchObject({ start: new Date(thisHour - 2 * HOUR_MS).toISOString(), ok: 5 });
    expect(day.buckets.at(-3)).toMatchObject({ clientErrors: 1, limited: 1 });
    expect(day.buckets.filter((bucket) => bucket.ok > 0)).toHaveLength(2);
    expect(day.buckets[0]!.start).toBe(new Date(thisHour - 23 * HOUR_MS).toISOString());

    const week = await ask('7d');
    expect(week).toMatchObject({ range: '7d', bucket: 'day', timeZone: 'America/New_York' });
    expect(week.buckets).toHaveLength(7);
    // Each bucket starts at midnight in New York (04:00 or 05:00 UTC), one calendar day apart.
    for (const bucket of week.buckets) expect(new Date(bucket.start).getUTCHours()).toBeOneOf([4, 5]);
    expect(week.buckets.reduce((total, bucket) => total + bucket.ok, 0)).toBe(15);

    const month = await ask('30d');
    expect(month.buckets).toHaveLength(30);
    expect(month.buckets.reduce((total, bucket) => total + bucket.ok, 0)).toBe(15);
    expect(month.lastUsedAt).toBeNull();
  });
});
