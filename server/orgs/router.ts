/** The orgs procedures: wiring only — input/output schemas, the declared permission, a service call. */
import { z } from 'zod';
import { zText } from '../shared/safeText';
import { ALL_PERMISSIONS, type Permission } from '../shared/permissions';
import { theOrg } from '../audit/declaration';
import { orgsOfSession } from '../tenancy/lookups';
import { router } from '../trpc/init';
import { authedProcedure, orgProcedure } from '../trpc/procedures';
import { createOrganization } from './createOrganization';
import { LOGO_TOO_LARGE, MAX_LOGO_BYTES } from '../shared/logoMessages';
import { getLogo, logoVersion, removeLogo, setLogo } from './logo';
import { getProfile, memberRoleNames, rememberLastOrg, updateProfile } from './service';
import { ZCreateOrgInput, ZUpdateProfileInput } from './validation';

const ZPermission = z.enum(ALL_PERMISSIONS as [Permission, ...Permission[]]);

const ZBillingAddressOut = z.object({
  line1: z.string(),
  line2: z.string().optional(),
  city: z.string(),
  postalCode: z.string(),
  region: z.string().optional(),
  country: z.string(),
});

const ZProfileOut = z.object({
  name: z.string(),
  billingAddress: ZBillingAddressOut.nullable(),
  taxId: z.string().nullable(),
  allowedEmailDomains: z.array(z.string()),
  version: z.number().int(),
});

/** At most 256 KB of image, base64-encoded (4/3 of it, rounded up). */
const ZLogoBase64 = zText()
  .min(1, 'Choose an image file to upload')
  .max(Math.ceil(MAX_LOGO_BYTES / 3) * 4, LOGO_TOO_LARGE)
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'Not a file');

export const orgsRouter = router({
  mine: authedProcedure
    .meta({ access: 'authed' })
    .output(z.array(z.object({ slug: z.string(), name: z.string(), status: z.enum(['active', 'deactivated']) })))
    .query(async ({ ctx }) =>
      (await orgsOfSession(ctx.session.sessionId)).map(({ slug, name, status }) => ({ slug, name, status })),
    ),

  create: authedProcedure
    .meta({ access: 'authed' })
    .input(ZCreateOrgInput)
    .output(z.object({ slug: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const org = await createOrganization({ name: input.name, ownerUserId: ctx.user.id });
      return { slug: org.slug };
    }),

  current: orgProcedure
    .meta({ permission: 'org:read' })
    .output(
      z.object({
        org: z.object({
          id: z.string().uuid(),
          slug: z.string(),
          name: z.string(),
          /** Changes whenever the logo does (for its URL); null when there is none. */
          logoVersion: z.number().nullable(),
        }),
        permissions: z.array(ZPermission),
        roles: z.array(z.string()),
      }),
    )
    .query(async ({ ctx }) => ({
      org: { ...ctx.org, logoVersion: await logoVersion(ctx.db, ctx.org.id) },
      permissions: [...ctx.member.permissions].sort(),
      roles: await memberRoleNames(ctx.db, ctx.org.id, ctx.member.membershipId),
    })),

  profile: orgProcedure
    .meta({ permission: 'org:read' })
    .output(ZProfileOut)
    .query(({ ctx }) => getProfile(ctx.db, ctx.org.id)),

  updateProfile: orgProcedure
    .meta({
      permission: 'org:update',
      // The profile holds the billing address and tax id.
      audit: {
        action: 'orgs.updateProfile',
        resource: 'organization',
        id: theOrg,
        snapshot: (tx, orgId) => getProfile(tx, orgId),
      },
    })
    .input(ZUpdateProfileInput)
    .output(
      z.object({
        profile: ZProfileOut,
        changed: z.array(z.enum(['name', 'billingAddress', 'taxId', 'allowedEmailDomains'])),
      }),
    )
    .mutation(({ ctx, input }) => updateProfile(ctx.db, ctx.org.id, ctx.user.id, input)),

  /** The logo's bytes (base64) for the logo route; any member may see it. */
  logo: orgProcedure
    .meta({ permission: 'org:read' })
    .output(z.object({ contentType: z.string(), base64: z.string(), updatedAt: z.date() }).nullable())
    .query(async ({ ctx }) => {
      const logo = await getLogo(ctx.db, ctx.org.id);
      return logo
        ? { contentType: logo.contentType, base64: logo.data.toString('base64'), updatedAt: logo.updatedAt }
        : null;
    }),

  setLogo: orgProcedure
    .meta({ permission: 'org:update', audit: { action: 'orgs.setLogo', resource: 'organization', id: theOrg } })
    .input(z.object({ base64: ZLogoBase64 }))
    .output(z.object({ contentType: z.string(), version: z.number() }))
    .mutation(({ ctx, input }) => setLogo(ctx.db, ctx.org.id, ctx.user.id, Buffer.from(input.base64, 'base64'))),

  removeLogo: orgProcedure
    .meta({ permission: 'org:update', audit: { action: 'orgs.removeLogo', resource: 'organization', id: theOrg } })
    .output(z.object({ removed: z.boolean() }))
    .mutation(async ({ ctx }) => ({ removed: await removeLogo(ctx.db, ctx.org.id, ctx.user.id) })),

  visit: orgProcedure
    .meta({ permission: 'org:read', audit: { action: 'orgs.visit', resource: 'organization', id: theOrg } })
    .output(z.object({ slug: z.string() }))
    .mutation(async ({ ctx }) => {
      if (ctx.user.lastOrgSlug !== ctx.org.slug) await rememberLastOrg(ctx.db, ctx.user.id, ctx.org.slug);
      return { slug: ctx.org.slug };
    }),
});
