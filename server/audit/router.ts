/** The audit procedures: wiring only — schemas, the declared permission, a service call. */
import { z } from 'zod';
import { ZSerialId } from '../shared/bounds';
import { zText } from '../shared/safeText';
import { AUDIT_ACTOR_TYPES, AUDIT_OUTCOMES } from '../../db/schema';
import { router } from '../trpc/init';
import { theOrg } from './declaration';
import { memberProcedure, orgProcedure } from '../trpc/procedures';
import { ZExportFormat } from './exportFormat';
import { liveAudit } from './live';
import { pullAuditEvents, ZAuditPullInput } from './pull';
import { getAuditEvent, listAuditEvents, MAX_PAGE, ZAuditCursor, ZAuditFilters } from './query';
import { MAX_RETENTION_DAYS, MIN_RETENTION_DAYS, retentionOf, setRetention } from './retention';
import { verifyChain } from './verify';

const ZAuditEvent = z.object({
  seq: z.number().int().positive(),
  id: z.string().uuid(),
  occurredAt: z.string(),
  actor: z.object({ type: z.enum(AUDIT_ACTOR_TYPES), id: z.string().nullable(), email: z.string().nullable() }),
  action: z.string(),
  resource: z.object({ type: z.string(), id: z.string().nullable() }).nullable(),
  outcome: z.enum(AUDIT_OUTCOMES),
  reason: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  country: z.string(),
  requestId: z.string().nullable(),
  hasChange: z.boolean(),
});

const ZAuditEventDetail = ZAuditEvent.extend({
  before: z.unknown(),
  after: z.unknown(),
  hash: z.string(),
  prevHash: z.string(),
});

const ZVerification = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstSeq: z.number().int().nullable(),
  lastSeq: z.number().int().nullable(),
  anchor: z.object({ seq: z.number().int(), prevHash: z.string() }).nullable(),
  broken: z.object({ seq: z.number().int(), id: z.string().nullable(), reason: z.string() }).nullable(),
});

const readAudit = orgProcedure.meta({ permission: 'audit:read' });

export const auditRouter = router({
  list: readAudit
    .input(
      z.object({
        filters: ZAuditFilters.default({}),
        cursor: ZAuditCursor.optional(),
        limit: z.number().int().min(1).max(MAX_PAGE).default(50),
      }),
    )
    .output(z.object({ items: z.array(ZAuditEvent), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listAuditEvents(ctx.db, input)),

  /** The SIEM pull (REST GET /api/v1/audit-events): every event once, oldest first, after a cursor. */
  pull: readAudit
    .input(ZAuditPullInput)
    .output(z.object({ items: z.array(ZAuditEvent), nextCursor: z.string().nullable(), hasMore: z.boolean() }))
    .query(({ ctx, input }) => pullAuditEvents(ctx.db, input)),

  get: readAudit
    .input(z.object({ seq: ZSerialId }))
    .output(ZAuditEventDetail)
    .query(({ ctx, input }) => getAuditEvent(ctx.db, input.seq)),

  /** Recomputes the whole chain in batches of short transactions (not inside this request's one). */
  verify: memberProcedure
    .meta({ permission: 'audit:read' })
    .output(ZVerification)
    .query(({ ctx }) => verifyChain(ctx.org.id, ctx.principal)),

  live: memberProcedure
    .meta({ permission: 'audit:read' })
    .input(
      z.object({
        filters: ZAuditFilters.default({}),
        lastEventId: zText()
          .regex(/^\d{1,18}$/, 'Not an event id')
          .nullish(),
      }),
    )
    .subscription(({ ctx, input, signal }) =>
      liveAudit({
        orgId: ctx.org.id,
        actor: ctx.principal,
        filters: input.filters,
        lastEventId: input.lastEventId ? Number(input.lastEventId) : null,
        signal,
      }),
    ),

  retention: readAudit
    .output(z.object({ retentionDays: z.number().int() }))
    .query(async ({ ctx }) => ({ retentionDays: await retentionOf(ctx.db, ctx.org.id) })),

  setRetention: orgProcedure
    .meta({
      permission: 'org:update',
      audit: {
        action: 'audit.setRetention',
        resource: 'organization',
        id: theOrg,
        snapshot: (tx, orgId) => retentionOf(tx, orgId).then((days) => ({ retentionDays: days })),
      },
    })
    .input(z.object({ retentionDays: z.number().int().min(MIN_RETENTION_DAYS).max(MAX_RETENTION_DAYS) }))
    .output(z.object({ retentionDays: z.number().int() }))
    .mutation(({ ctx, input }) => setRetention(ctx.db, ctx.org.id, input.retentionDays)),

  /**
   * Starts an export: checks audit:export, and is itself audited (its filters and format are the
   * event's "after"). The rows are streamed by the export route (app/routes/o.$slug.audit.export.tsx).
   */
  export: orgProcedure
    .meta({
      permission: 'audit:export',
      audit: { action: 'audit.export', resource: 'organization', id: theOrg, snapshot: 'request' },
    })
    .input(z.object({ filters: ZAuditFilters.default({}), format: ZExportFormat }))
    .output(z.object({ orgId: z.string().uuid() }))
    .mutation(({ ctx }) => ({ orgId: ctx.org.id })),
});
