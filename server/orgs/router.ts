/** The orgs procedures: wiring only — input/output schemas, the declared permission, a service call. */
import { z } from 'zod';
import { ALL_PERMISSIONS, type Permission } from '../authz/permissions';
import { userOrgs } from '../tenancy/lookups';
import { router } from '../trpc/init';
import { authedProcedure, orgProcedure } from '../trpc/procedures';
import { createOrganization } from './createOrganization';
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
  version: z.number().int(),
});

export const orgsRouter = router({
  mine: authedProcedure
    .meta({ access: 'authed' })
    .output(z.array(z.object({ slug: z.string(), name: z.string(), status: z.enum(['active', 'deactivated']) })))
    .query(async ({ ctx }) => (await userOrgs(ctx.user.id)).map(({ slug, name, status }) => ({ slug, name, status }))),

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
        org: z.object({ id: z.string().uuid(), slug: z.string(), name: z.string() }),
        permissions: z.array(ZPermission),
        roles: z.array(z.string()),
      }),
    )
    .query(async ({ ctx }) => ({
      org: ctx.org,
      permissions: [...ctx.member.permissions].sort(),
      roles: await memberRoleNames(ctx.db, ctx.org.id, ctx.member.membershipId),
    })),

  profile: orgProcedure
    .meta({ permission: 'org:read' })
    .output(ZProfileOut)
    .query(({ ctx }) => getProfile(ctx.db, ctx.org.id)),

  updateProfile: orgProcedure
    .meta({ permission: 'org:update' })
    .input(ZUpdateProfileInput)
    .output(z.object({ profile: ZProfileOut, changed: z.array(z.enum(['name', 'billingAddress', 'taxId'])) }))
    .mutation(({ ctx, input }) => updateProfile(ctx.db, ctx.org.id, ctx.user.id, input)),

  visit: orgProcedure
    .meta({ permission: 'org:read' })
    .output(z.object({ slug: z.string() }))
    .mutation(async ({ ctx }) => {
      if (ctx.user.lastOrgSlug !== ctx.org.slug) await rememberLastOrg(ctx.db, ctx.user.id, ctx.org.slug);
      return { slug: ctx.org.slug };
    }),
});
