/** The audit push procedures: wiring only — schemas, the declared permission, a service call. */
import { z } from 'zod';
import { ZRowVersion } from '../../shared/bounds';
import { zText } from '../../shared/safeText';
import type { AuditDeclaration } from '../declaration';
import { theOrg } from '../declaration';
import { router } from '../../trpc/init';
import { memberProcedure, orgProcedure } from '../../trpc/procedures';
import { withTenant } from '../../tenancy/withTenant';
import { pushPolicy } from './endpointState';
import { configurePush, getPushStatus, rotatePushSecret, sendPushTest, setPushEnabled } from './service';
import { checkPushUrl, MAX_PUSH_URL } from './urlPolicy';

const ZPushStatus = z.object({
  url: z.string(),
  isEnabled: z.boolean(),
  disabledReason: z.string().nullable(),
  version: z.number().int(),
  cursor: z.object({ seq: z.number().int(), eventId: z.string().nullable(), occurredAt: z.string().nullable() }),
  consecutiveFailures: z.number().int(),
  lastError: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  lastSuccessAt: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  backlog: z.number().int(),
});

/** Returned once, by the call that issued the secret; never readable again. */
const ZSecretIssued = z.object({ status: ZPushStatus, signingSecret: z.string() });

const ZPushUrl = zText()
  .trim()
  .min(1, 'Enter the URL of your endpoint')
  .max(MAX_PUSH_URL)
  .superRefine((url, ctx) => {
    const refusal = checkPushUrl(url, pushPolicy());
    if (refusal) ctx.addIssue({ code: z.ZodIssueCode.custom, message: refusal });
  });

const ZVersion = ZRowVersion;

/** An org has one endpoint; its service describes the before/after (auditChange). */
function endpointChange(action: string): AuditDeclaration {
  return { action, resource: 'audit_push_endpoint', id: theOrg };
}

const readPush = orgProcedure.meta({ permission: 'audit:read' });
const changePush = orgProcedure.meta({ permission: 'audit:export' });

export const auditPushRouter = router({
  get: readPush
    .output(z.object({ endpoint: ZPushStatus.nullable() }))
    .query(async ({ ctx }) => ({ endpoint: await getPushStatus(ctx.db, ctx.org.id) })),

  configure: changePush
    .meta({ audit: endpointChange('auditPush.configure') })
    .input(z.object({ url: ZPushUrl, version: ZVersion.nullable() }))
    .output(ZSecretIssued)
    .mutation(({ ctx, input }) => configurePush(ctx.db, ctx.org.id, input)),

  rotateSecret: changePush
    .meta({ audit: endpointChange('auditPush.rotateSecret') })
    .input(z.object({ version: ZVersion }))
    .output(ZSecretIssued)
    .mutation(({ ctx, input }) => rotatePushSecret(ctx.db, ctx.org.id, input)),

  enable: changePush
    .meta({ audit: endpointChange('auditPush.enable') })
    .input(z.object({ version: ZVersion }))
    .output(ZPushStatus)
    .mutation(({ ctx, input }) => setPushEnabled(ctx.db, ctx.org.id, { version: input.version, isEnabled: true })),

  disable: changePush
    .meta({ audit: endpointChange('auditPush.disable') })
    .input(z.object({ version: ZVersion }))
    .output(ZPushStatus)
    .mutation(({ ctx, input }) => setPushEnabled(ctx.db, ctx.org.id, { version: input.version, isEnabled: false })),

  // Not orgProcedure: the HTTP call must not hold a transaction open. It changes nothing, so its
  // audit event (with the delivery as its after) is written by the audit middleware once it returns.
  sendTest: memberProcedure
    .meta({ permission: 'audit:export', audit: endpointChange('auditPush.sendTest') })
    .input(z.object({}))
    .output(
      z.discriminatedUnion('ok', [
        z.object({ ok: z.literal(true), status: z.number().int() }),
        z.object({ ok: z.literal(false), status: z.number().int().nullable(), error: z.string() }),
      ]),
    )
    .mutation(({ ctx }) =>
      sendPushTest((fn) => withTenant(ctx.org.id, ctx.principal, fn), ctx.org.id, {
        id: ctx.user.id,
        email: ctx.user.email,
      }),
    ),
});
