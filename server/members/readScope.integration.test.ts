/**
 * users:read granted only for members of the reader's own region: the directory's query is
 * narrowed by the condition (the rows never leave PostgreSQL), the CSV batches too, and a single
 * member of another region is "not found" — while an unconditional reader still sees everyone.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { adminQuery } from '../../test/db';
import { caught, personIn, rolesTestOrg, type Person, type RolesTestOrg } from '../roles/testFixtures';

async function setRegion(membershipId: string, region: string) {
  await adminQuery(
    `update memberships set attributes = attributes || jsonb_build_object('region', $2::text) where id = $1`,
    [membershipId, region],
  );
}

describe('members directory under a region condition', () => {
  let org: RolesTestOrg;
  let owner: Person;
  let reader: Person;
  let euPeer: Person;
  let usPeer: Person;

  beforeAll(async () => {
    org = await rolesTestOrg('region-read');
    owner = org.ownerPerson;
    reader = await personIn(org, 'region-reader', 'viewer');
    euPeer = await personIn(org, 'region-eu', 'viewer');
    usPeer = await personIn(org, 'region-us', 'viewer');
    await setRegion(reader.membershipId, 'eu');
    await setRegion(euPeer.membershipId, 'eu');
    await setRegion(usPeer.membershipId, 'us');
    const role = await owner.caller.roles.create({
      orgSlug: org.slug,
      name: 'Regional reader',
      grants: [
        { permission: 'org:read', condition: null },
        { permission: 'users:read', condition: 'resource.region == principal.region' },
      ],
    });
    await owner.caller.roles.setMemberRoles({
      orgSlug: org.slug,
      membershipId: reader.membershipId,
      roleIds: [role.id],
    });
  });

  it('lists only the members of the reader’s region, with a total that counts only them', async () => {
    const page = await reader.caller.members.list({ orgSlug: org.slug });
    expect(page.rows.map((r) => r.membershipId).sort()).toEqual([reader.membershipId, euPeer.membershipId].sort());
    expect(page.total).toBe(2);
  });

  it('exports the same rows in batches', async () => {
    const batch = await reader.caller.members.batch({ orgSlug: org.slug, size: 100 });
    expect(batch.rows.map((r) => r.membershipId).sort()).toEqual([reader.membershipId, euPeer.membershipId].sort());
  });

  it('answers "not found" for one member of another region, and shows one of its own', async () => {
    const error = await caught(reader.caller.members.get({ orgSlug: org.slug, membershipId: usPeer.membershipId }));
    expect(error).toMatchObject({ code: 'NOT_FOUND', message: 'Member not found' });
    const peer = await reader.caller.members.get({ orgSlug: org.slug, membershipId: euPeer.membershipId });
    expect(peer.membershipId).toBe(euPeer.membershipId);
  });

  it('follows the reader when their own region changes', async () => {
    await setRegion(reader.membershipId, 'us');
    try {
      const page = await reader.caller.members.list({ orgSlug: org.slug });
      expect(page.rows.map((r) => r.membershipId).sort()).toEqual([reader.membershipId, usPeer.membershipId].sort());
    } finally {
      await setRegion(reader.membershipId, 'eu');
    }
  });

  it('leaves an unconditional reader seeing everyone', async () => {
    const page = await owner.caller.members.list({ orgSlug: org.slug });
    expect(page.total).toBe(4);
  });
});
