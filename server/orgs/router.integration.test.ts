/**
 * The orgs procedures through the real context and middleware (session cookie → membership →
 * permission → tenant transaction), as the browser and the Remix loaders call them.
 */
import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { adminQuery } from '../../test/db';
import { withTenant } from '../tenancy/withTenant';
import { createOrganization } from './createOrganization';
import { callerFor, signedInUser, type SignedInUser } from './orgFixtures';
import { addMember } from './service';

const BERLIN = { line1: 'Friedrichstraße 68', city: 'Berlin', postalCode: '10117', country: 'DE' };

async function caught(work: Promise<unknown>): Promise<TRPCError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('orgs router', () => {
  let owner: SignedInUser;
  let admin: SignedInUser;
  let member: SignedInUser;
  let outsider: SignedInUser;
  let org: { id: string; slug: string; name: string };
  let otherOrg: { id: string; slug: string; name: string };

  beforeAll(async () => {
    [owner, admin, member, outsider] = await Promise.all([
      signedInUser('Olivia Owner'),
      signedInUser('Dana Admin'),
      signedInUser('Mia Member'),
      signedInUser('Otto Outsider'),
    ]);
    org = await createOrganization({ name: 'Router Test Co', ownerUserId: owner.id });
    otherOrg = await createOrganization({ name: 'Other Tenant', ownerUserId: outsider.id });
    await withTenant(org.id, { type: 'user', userId: owner.id }, async (tx) => {
      await addMember(tx, { orgId: org.id, userId: admin.id, roleKey: 'admin' });
      await addMember(tx, { orgId: org.id, userId: member.id, roleKey: 'member' });
    });
  });

  it('mine lists the signed-in user’s orgs with their membership status', async () => {
    expect(await admin.caller.orgs.mine()).toEqual([{ slug: org.slug, name: 'Router Test Co', status: 'active' }]);
  });

  it('mine and create refuse anonymous callers', async () => {
    const { createContext } = await import('../trpc/context');
    const { createCaller } = await import('../trpc/router');
    const anonymous = createCaller(await createContext({ headers: {}, ip: '127.0.0.1' }));
    expect((await caught(anonymous.orgs.mine())).code).toBe('UNAUTHORIZED');
    expect((await caught(anonymous.orgs.create({ name: 'Nope' }))).code).toBe('UNAUTHORIZED');
  });

  it('current returns the org, the member’s effective permissions and role names', async () => {
    const current = await member.caller.orgs.current({ orgSlug: org.slug });
    expect(current.org).toEqual({ ...org, logoVersion: null });
    expect(current.roles).toEqual(['Member']);
    expect(current.permissions).toContain('org:read');
    expect(current.permissions).not.toContain('org:update');
    const asAdmin = await admin.caller.orgs.current({ orgSlug: org.slug.toUpperCase() });
    expect(asAdmin.permissions).toContain('org:update');
  });

  it('a member of another org gets NOT_FOUND, exactly like an unknown slug', async () => {
    const foreign = await caught(outsider.caller.orgs.current({ orgSlug: org.slug }));
    const unknown = await caught(outsider.caller.orgs.current({ orgSlug: 'no-such-org-anywhere' }));
    expect(foreign.code).toBe('NOT_FOUND');
    expect({ code: unknown.code, message: unknown.message }).toEqual({ code: foreign.code, message: foreign.message });
    expect((await caught(member.caller.orgs.profile({ orgSlug: otherOrg.slug }))).code).toBe('NOT_FOUND');
  });

  it('a deactivated member gets FORBIDDEN', async () => {
    const former = await signedInUser('Fiona Former');
    await withTenant(org.id, { type: 'user', userId: owner.id }, (tx) =>
      addMember(tx, { orgId: org.id, userId: former.id, roleKey: 'admin' }),
    );
    await adminQuery(`update memberships set status = 'deactivated' where org_id = $1 and user_id = $2`, [
      org.id,
      former.id,
    ]);
    const error = await caught(former.caller.orgs.current({ orgSlug: org.slug }));
    expect(error.code).toBe('FORBIDDEN');
    expect(await former.caller.orgs.mine()).toEqual([
      { slug: org.slug, name: 'Router Test Co', status: 'deactivated' },
    ]);
  });

  it('an Admin updates the profile; the version moves on and the feed gets org.updated with the changed fields', async () => {
    const before = await admin.caller.orgs.profile({ orgSlug: org.slug });
    expect(before).toMatchObject({ name: 'Router Test Co', billingAddress: null, taxId: null });

    const result = await admin.caller.orgs.updateProfile({
      orgSlug: org.slug,
      version: before.version,
      name: 'Router Test GmbH',
      billingAddress: { ...BERLIN, line2: '', region: '' },
      taxId: 'de 123.456.789',
    });
    expect(result.changed).toEqual(['name', 'billingAddress', 'taxId']);
    expect(result.profile).toEqual({
      name: 'Router Test GmbH',
      billingAddress: BERLIN,
      taxId: 'DE123456789',
      allowedEmailDomains: [],
      version: before.version + 1,
    });
    expect(await member.caller.orgs.profile({ orgSlug: org.slug })).toEqual(result.profile);

    const events = await adminQuery<{ type: string; actor: string; data: { fields: string[] } }>(
      `select type, actor_user_id::text as actor, data from outbox where org_id = $1 and type = 'org.updated'`,
      [org.id],
    );
    expect(events).toEqual([
      {
        type: 'org.updated',
        actor: admin.id,
        data: { fields: ['name', 'billingAddress', 'taxId'], name: 'Router Test GmbH' },
      },
    ]);
  });

  it('a Member may read but not update the profile', async () => {
    const profile = await member.caller.orgs.profile({ orgSlug: org.slug });
    const error = await caught(member.caller.orgs.updateProfile({ orgSlug: org.slug, ...profile, name: 'Hijacked' }));
    expect(error.code).toBe('FORBIDDEN');
    expect((await admin.caller.orgs.profile({ orgSlug: org.slug })).name).toBe(profile.name);
  });

  it('a stale version is a CONFLICT and changes nothing', async () => {
    const loaded = await admin.caller.orgs.profile({ orgSlug: org.slug });
    await owner.caller.orgs.updateProfile({ orgSlug: org.slug, ...loaded, name: 'Saved First Ltd' });
    const error = await caught(
      admin.caller.orgs.updateProfile({ orgSlug: org.slug, ...loaded, name: 'Saved Second Ltd' }),
    );
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toBe('Someone else changed this profile; reload to see their changes');
    const now = await admin.caller.orgs.profile({ orgSlug: org.slug });
    expect(now).toMatchObject({ name: 'Saved First Ltd', version: loaded.version + 1 });
  });

  it('a VAT number in the wrong format for the billing country is BAD_REQUEST with a taxId field error', async () => {
    const loaded = await admin.caller.orgs.profile({ orgSlug: org.slug });
    const error = await caught(
      admin.caller.orgs.updateProfile({ orgSlug: org.slug, ...loaded, billingAddress: BERLIN, taxId: 'DE12345' }),
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.cause).toBeInstanceOf(ZodError);
    expect((error.cause as ZodError).flatten().fieldErrors).toEqual({
      taxId: ['Enter a VAT number for Germany, e.g. DE123456789'],
    });
  });

  it('create makes a new org owned by the caller; visit remembers it as the last org', async () => {
    const { slug } = await member.caller.orgs.create({ name: '  Mia’s Side Project  ' });
    expect(slug).toMatch(/^mia-s-side-project/);
    const current = await member.caller.orgs.current({ orgSlug: slug });
    expect(current.roles).toEqual(['Owner']);

    await member.caller.orgs.visit({ orgSlug: slug });
    const [row] = await adminQuery<{ last_org_slug: string }>('select last_org_slug from users where id = $1', [
      member.id,
    ]);
    expect(row?.last_org_slug).toBe(slug);

    // A fresh session sees the remembered org, so `/` can send the user back there.
    const fresh = await callerFor(member.id);
    await fresh.orgs.visit({ orgSlug: org.slug });
    const [again] = await adminQuery<{ last_org_slug: string }>('select last_org_slug from users where id = $1', [
      member.id,
    ]);
    expect(again?.last_org_slug).toBe(org.slug);
  });
});
