/**
 * app.principal_type (db/migrations/0021): an API key or a SCIM client has no user, like the
 * system, but never gets the system's powers. In a transaction of the same org, the system sees
 * every member's notification preferences and pending notification emails and settles them; an
 * API key sees none of it and is refused the settlement.
 */
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { notificationPreferences, notifications } from '../../db/schema';
import { pgErrorFrom } from '../../test/db';
import { addTestMember, createTestOrg, writeActivity, type TestOrg } from '../activity/testFixtures';
import { fanOutActivity } from '../notifications/fanOut';
import { setPreference } from '../notifications/service';
import type { Principal } from './principal';
import { withTenant, type Tx } from './withTenant';

let org: TestOrg;
let system: Principal;
let apiKey: Principal;
let scimClient: Principal;

beforeAll(async () => {
  org = await createTestOrg('principal-type');
  system = { type: 'system', name: 'test' };
  apiKey = { type: 'apiKey', keyId: 'key-1', orgId: org.orgId, name: 'CI key' };
  scimClient = { type: 'scimClient', clientId: 'okta', orgId: org.orgId };
  const member = await addTestMember(org, 'principal-type-member', 'viewer');
  await withTenant(org.orgId, { type: 'user', userId: member.userId }, (tx) =>
    setPreference(
      tx,
      { orgId: org.orgId, userId: member.userId },
      { kind: 'member', channel: 'email', isEnabled: true },
    ),
  );
  await writeActivity(org.orgId, org.owner.userId, 'member.left', { name: 'Ivo' });
  await withTenant(org.orgId, system, (tx) => fanOutActivity(tx, org.orgId));
});

const settings = (tx: Tx) =>
  tx.execute<{ user_id: string; principal_type: string }>(
    sql`select current_setting('app.user_id', true) as user_id, current_setting('app.principal_type', true) as principal_type`,
  );

const pendingEmailIds = (tx: Tx) =>
  tx
    .select({ id: notifications.id })
    .from(notifications)
    .where(sql`${notifications.emailState} = 'pending'`)
    .then((rows) => rows.map((row) => row.id));

const settle = (principal: Principal, ids: number[]) =>
  withTenant(org.orgId, principal, (tx) =>
    tx.execute(
      sql`select id from app_settle_notification_emails(${org.orgId}::uuid, ${sql.param(ids)}::bigint[], 'dropped') as id`,
    ),
  );

describe('app.principal_type', () => {
  it('is set with the user id, in the same transaction, for every kind of principal', async () => {
    const nil = '00000000-0000-0000-0000-000000000000';
    for (const [principal, type] of [
      [system, 'system'],
      [apiKey, 'apiKey'],
      [scimClient, 'scimClient'],
    ] as const) {
      const { rows } = await withTenant(org.orgId, principal, settings);
      expect(rows[0]).toEqual({ user_id: nil, principal_type: type });
    }
    const { rows } = await withTenant(org.orgId, { type: 'user', userId: org.owner.userId }, settings);
    expect(rows[0]).toEqual({ user_id: org.owner.userId, principal_type: 'user' });
  });

  it('gives the system, and only the system, every member’s preferences and pending emails', async () => {
    const preferencesAs = (principal: Principal) =>
      withTenant(org.orgId, principal, (tx) => tx.select().from(notificationPreferences));
    expect((await preferencesAs(system)).length).toBeGreaterThan(0);
    expect(await preferencesAs(apiKey)).toEqual([]);
    expect(await preferencesAs(scimClient)).toEqual([]);

    const pending = await withTenant(org.orgId, system, pendingEmailIds);
    expect(pending.length).toBeGreaterThan(0);
    expect(await withTenant(org.orgId, apiKey, pendingEmailIds)).toEqual([]);
    expect(await withTenant(org.orgId, scimClient, pendingEmailIds)).toEqual([]);

    expect(await pgErrorFrom(settle(apiKey, pending))).toMatchObject({
      code: '42501',
      message: 'notification emails are settled only by the system',
    });
    expect(await pgErrorFrom(settle(scimClient, pending))).toMatchObject({ code: '42501' });
    expect(await withTenant(org.orgId, system, pendingEmailIds)).toEqual(pending);
    expect((await settle(system, pending)).rows).toHaveLength(pending.length);
  });
});
