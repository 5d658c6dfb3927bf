/**
 * The webhook procedures: wiring only — input/output schemas, the declared permission, the audit
 * declaration (./audit.ts: snapshots that hold no secret), a service call. Reading needs
 * webhooks:read; every change, test send and replay needs webhooks:manage.
 */
import { router } from '../trpc/init';
import { orgProcedure } from '../trpc/procedures';
import { WEBHOOK_AUDIT } from './audit';
import { getDelivery, listDeliveries } from './deliveryQueries';
import { getEndpoint, listEndpoints } from './endpointQueries';
import { createEndpoint, deleteEndpoint, updateEndpoint } from './endpoints';
import { replayDelivery, replayFailedDeliveries } from './replay';
import { rotateEndpointSecret } from './rotateSecret';
import {
  ZCreateEndpointInput,
  ZDeleted,
  ZDeliveriesInput,
  ZDeliveryDetail,
  ZDeliveryPage,
  ZDeliveryQueued,
  ZDeliveryRef,
  ZEndpointCreated,
  ZEndpointList,
  ZEndpointRef,
  ZEndpointSummary,
  ZReplayedCount,
  ZReplayFailedInput,
  ZReplayInput,
  ZRotateSecretInput,
  ZSecretRotated,
  ZSendTestInput,
  ZUpdateEndpointInput,
} from './schemas';
import { sendTestEvent } from './sendTest';

const readWebhooks = orgProcedure.meta({ permission: 'webhooks:read' });
const manageWebhooks = orgProcedure.meta({ permission: 'webhooks:manage' });

export const webhooksRouter = router({
  list: readWebhooks.output(ZEndpointList).query(({ ctx }) => listEndpoints(ctx.db, ctx.org.id)),

  get: readWebhooks
    .input(ZEndpointRef)
    .output(ZEndpointSummary)
    .query(({ ctx, input }) => getEndpoint(ctx.db, ctx.org.id, input.id)),

  deliveries: readWebhooks
    .input(ZDeliveriesInput)
    .output(ZDeliveryPage)
    .query(({ ctx, input }) => listDeliveries(ctx.db, ctx.org.id, input)),

  delivery: readWebhooks
    .input(ZDeliveryRef)
    .output(ZDeliveryDetail)
    .query(({ ctx, input }) => getDelivery(ctx.db, ctx.org.id, input.id)),

  create: manageWebhooks
    .meta({ audit: WEBHOOK_AUDIT.create })
    .input(ZCreateEndpointInput)
    .output(ZEndpointCreated)
    .mutation(({ ctx, input }) => createEndpoint(ctx.db, ctx.org.id, input)),

  update: manageWebhooks
    .meta({ audit: WEBHOOK_AUDIT.update })
    .input(ZUpdateEndpointInput)
    .output(ZEndpointSummary)
    .mutation(({ ctx, input }) => updateEndpoint(ctx.db, ctx.org.id, input)),

  delete: manageWebhooks
    .meta({ audit: WEBHOOK_AUDIT.delete })
    .input(ZEndpointRef)
    .output(ZDeleted)
    .mutation(({ ctx, input }) => deleteEndpoint(ctx.db, ctx.org.id, input.id)),

  rotateSecret: manageWebhooks
    .meta({ audit: WEBHOOK_AUDIT.rotateSecret })
    .input(ZRotateSecretInput)
    .output(ZSecretRotated)
    .mutation(({ ctx, input }) => rotateEndpointSecret(ctx.db, ctx.org.id, input)),

  replay: manageWebhooks
    .meta({ audit: WEBHOOK_AUDIT.replay })
    .input(ZReplayInput)
    .output(ZDeliveryQueued)
    .mutation(({ ctx, input }) => replayDelivery(ctx.db, ctx.org.id, input.deliveryId)),

  replayFailed: manageWebhooks
    .meta({ audit: WEBHOOK_AUDIT.replayFailed })
    .input(ZReplayFailedInput)
    .output(ZReplayedCount)
    .mutation(({ ctx, input }) => replayFailedDeliveries(ctx.db, ctx.org.id, input.endpointId)),

  sendTest: manageWebhooks
    .meta({ audit: WEBHOOK_AUDIT.sendTest })
    .input(ZSendTestInput)
    .output(ZDeliveryQueued)
    .mutation(({ ctx, input }) => sendTestEvent(ctx.db, ctx.org.id, input)),
});
