/**
 * The organization profile additions: allowed email domains (validated, lower-cased,
 * de-duplicated, at most 50, under the profile's optimistic concurrency) and the logo (PNG, JPEG
 * or WebP by magic bytes, at most 256 KB, SVG refused), Owner/Admin only; any member reads it.
 */
import { ZodError } from 'zod';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminQuery } from '../../test/db';
import { createTestOrg, type TestOrg } from '../activity/testFixtures';
import { caught } from '../roles/testFixtures';
import { memberWithEmail, type Member } from '../invitations/testFixtures';
import { LOGO_SVG_REFUSED, LOGO_TOO_LARGE, LOGO_WRONG_TYPE, MAX_LOGO_BYTES } from '../shared/logoMessages';

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('0000000d4948445200000001000000010806000000', 'hex'),
]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x1a, 0, 0, 0]), Buffer.from('WEBPVP8 ')]);
const SVG = Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');

let org: TestOrg;
let admin: Member;
let member: Member;

beforeAll(async () => {
  org = await createTestOrg('profile');
  admin = await memberWithEmail(org, 'Profile Admin', 'admin');
  member = await memberWithEmail(org, 'Profile Member', 'member');
});

describe('allowed email domains', () => {
  it('are lower-cased, de-duplicated and sorted; clearing them allows everyone again', async () => {
    const loaded = await admin.caller.orgs.profile({ orgSlug: org.slug });
    expect(loaded.allowedEmailDomains).toEqual([]);
    const saved = await admin.caller.orgs.updateProfile({
      orgSlug: org.slug,
      ...loaded,
      allowedEmailDomains: ['Acme.COM', '@eu.acme.com', 'acme.com.', '  xn--bcher-kva.example '],
    });
    expect(saved.changed).toEqual(['allowedEmailDomains']);
    expect(saved.profile.allowedEmailDomains).toEqual(['acme.com', 'eu.acme.com', 'xn--bcher-kva.example']);
    const [row] = await adminQuery<{ d: string[] }>(
      'select allowed_email_domains as d from organizations where id = $1',
      [org.orgId],
    );
    expect(row?.d).toEqual(['acme.com', 'eu.acme.com', 'xn--bcher-kva.example']);

    // A save without the field leaves them alone.
    const { allowedEmailDomains: _kept, ...withoutDomains } = saved.profile;
    const renamed = await admin.caller.orgs.updateProfile({ orgSlug: org.slug, ...withoutDomains, name: 'Profile Co' });
    expect(renamed.profile.allowedEmailDomains).toEqual(['acme.com', 'eu.acme.com', 'xn--bcher-kva.example']);

    const cleared = await admin.caller.orgs.updateProfile({
      orgSlug: org.slug,
      ...renamed.profile,
      allowedEmailDomains: [],
    });
    expect(cleared.profile.allowedEmailDomains).toEqual([]);
  });

  it('refuses what is not a domain name, and more than 50', async () => {
    const loaded = await admin.caller.orgs.profile({ orgSlug: org.slug });
    for (const bad of [
      'localhost',
      'http://acme.com',
      'ada@acme.com',
      '10.0.0.1',
      '-acme.com',
      'acme..com',
      'acme.com/x',
    ]) {
      const error = await caught(
        admin.caller.orgs.updateProfile({ orgSlug: org.slug, ...loaded, allowedEmailDomains: [bad] }),
      );
      expect(error.code, bad).toBe('BAD_REQUEST');
      expect((error.cause as ZodError).flatten().fieldErrors.allowedEmailDomains?.[0]).toMatch(/^Not a domain name: /);
    }
    const many = Array.from({ length: 51 }, (_, i) => `d${i}.example`);
    const error = await caught(
      admin.caller.orgs.updateProfile({ orgSlug: org.slug, ...loaded, allowedEmailDomains: many }),
    );
    expect((error.cause as ZodError).flatten().fieldErrors.allowedEmailDomains).toEqual(['Use at most 50 domains']);
  });

  it('only Owner and Admin may change them', async () => {
    const loaded = await member.caller.orgs.profile({ orgSlug: org.slug });
    const error = await caught(
      member.caller.orgs.updateProfile({ orgSlug: org.slug, ...loaded, allowedEmailDomains: ['acme.com'] }),
    );
    expect(error.code).toBe('FORBIDDEN');
  });
});

describe('logo', () => {
  const upload = (bytes: Buffer, who: Member = admin) =>
    who.caller.orgs.setLogo({ orgSlug: org.slug, base64: bytes.toString('base64') });

  it('accepts PNG, JPEG and WebP by their magic bytes; members read it back; the org shows its version', async () => {
    for (const [bytes, type] of [
      [JPEG, 'image/jpeg'],
      [WEBP, 'image/webp'],
      [PNG, 'image/png'],
    ] as const) {
      expect((await upload(bytes)).contentType).toBe(type);
    }
    const logo = await member.caller.orgs.logo({ orgSlug: org.slug });
    expect(logo).toMatchObject({ contentType: 'image/png', base64: PNG.toString('base64') });
    const current = await member.caller.orgs.current({ orgSlug: org.slug });
    expect(current.org.logoVersion).toBe(logo!.updatedAt.getTime());
  });

  it('refuses SVG, other types, an empty file and more than 256 KB', async () => {
    expect((await caught(upload(SVG))).message).toBe(LOGO_SVG_REFUSED);
    expect((await caught(upload(Buffer.from('GIF89a....')))).message).toBe(LOGO_WRONG_TYPE);
    // A PNG name on HTML is still HTML: the bytes decide.
    expect((await caught(upload(Buffer.from('<html><script>x</script></html>')))).message).toBe(LOGO_WRONG_TYPE);
    const big = Buffer.concat([PNG, Buffer.alloc(MAX_LOGO_BYTES)]);
    const tooBig = await caught(upload(big));
    expect(tooBig.code).toBe('BAD_REQUEST');
    expect((tooBig.cause as ZodError).flatten().fieldErrors.base64).toEqual([LOGO_TOO_LARGE]);
    const justOver = Buffer.concat([PNG, Buffer.alloc(MAX_LOGO_BYTES - PNG.length + 1)]);
    const over = await caught(upload(justOver));
    expect(over.code).toBe('PAYLOAD_TOO_LARGE');
    expect(over.message).toBe(LOGO_TOO_LARGE);
  });

  it('only Owner and Admin may change it; removing it leaves none', async () => {
    expect((await caught(upload(PNG, member))).code).toBe('FORBIDDEN');
    expect((await caught(member.caller.orgs.removeLogo({ orgSlug: org.slug }))).code).toBe('FORBIDDEN');
    await upload(PNG);
    expect(await admin.caller.orgs.removeLogo({ orgSlug: org.slug })).toEqual({ removed: true });
    expect(await member.caller.orgs.logo({ orgSlug: org.slug })).toBeNull();
    expect((await member.caller.orgs.current({ orgSlug: org.slug })).org.logoVersion).toBeNull();
  });

  it('another org’s members cannot read it', async () => {
    await upload(PNG);
    const other = await createTestOrg('profile-other');
    const stranger = await memberWithEmail(other, 'Stranger', 'owner');
    expect((await caught(stranger.caller.orgs.logo({ orgSlug: org.slug }))).code).toBe('NOT_FOUND');
    expect(await stranger.caller.orgs.logo({ orgSlug: other.slug })).toBeNull();
  });
});
