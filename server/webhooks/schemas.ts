/** Input and output schemas of the webhook procedures (server/webhooks/router.ts). */
import { z } from 'zod';
import { WEBHOOK_DISABLED_REASONS } from '../../db/schema/webhookEndpoints';
import { WEBHOOK_ATTEMPT_TRIGGERS, WEBHOOK_DELIVERY_STATUSES } from '../../db/schema/webhookMessages';
import { ZRowVersion } from '../shared/bounds';
import { zText } from '../shared/safeText';
import { WEBHOOK_EVENT_TYPES, ZWebhookEventTypes, type WebhookEventType } from '../shared/webhookEvents';

/** Endpoints per organization: the list is returned whole, and each one multiplies every event. */
export const MAX_ENDPOINTS_PER_ORG = 20;
export const MAX_ENDPOINT_URL = 2_048;
export const MAX_DESCRIPTION = 500;
/** The longest time a rotated-out secret may keep signing: 7 days. */
export const MAX_OVERLAP_HOURS = 7 * 24;
/** Failed deliveries re-sent by one "replay failed" call. */
export const MAX_REPLAY_FAILED = 1_000;
export const DEFAULT_PAGE_SIZE = 25;

export const ZEndpointId = zText().uuid('Not a webhook endpoint id');
export const ZDeliveryId = zText().uuid('Not a webhook delivery id');

/** Shape only; which URLs may be used is the URL rule's (./urlRule.ts), checked by the service. */
export const ZEndpointUrl = zText()
  .trim()
  .min(1, 'Enter the URL of your endpoint')
  .max(MAX_ENDPOINT_URL, `Use at most ${MAX_ENDPOINT_URL} characters`)
  .refine((value) => URL.canParse(value), 'Enter a full URL, e.g. https://hooks.example.com/atrium');

const ZDescription = zText().trim().max(MAX_DESCRIPTION, `Use at most ${MAX_DESCRIPTION} characters`);

export const ZCreateEndpointInput = z.object({
  url: ZEndpointUrl,
  description: ZDescription.default(''),
  eventTypes: ZWebhookEventTypes,
  isEnabled: z.boolean().default(true),
});
export type CreateEndpointInput = z.infer<typeof ZCreateEndpointInput>;

export const ZUpdateEndpointInput = z.object({
  id: ZEndpointId,
  version: ZRowVersion,
  url: ZEndpointUrl.optional(),
  description: ZDescription.optional(),
  eventTypes: ZWebhookEventTypes.optional(),
  isEnabled: z.boolean().optional(),
});
export type UpdateEndpointInput = z.infer<typeof ZUpdateEndpointInput>;

export const ZEndpointRef = z.object({ id: ZEndpointId });

export const ZRotateSecretInput = z.object({
  id: ZEndpointId,
  /** How long the replaced secret keeps signing beside the new one: 0 (not at all) to 7 days. */
  overlapHours: z.number().int().min(0).max(MAX_OVERLAP_HOURS),
});
export type RotateSecretInput = z.infer<typeof ZRotateSecretInput>;

export const ZDeliveriesInput = z.object({
  endpointId: ZEndpointId,
  status: z.enum(WEBHOOK_DELIVERY_STATUSES).optional(),
  cursor: zText().max(200).optional(),
  limit: z.number().int().min(1).max(100).default(DEFAULT_PAGE_SIZE),
});
export type DeliveriesInput = z.infer<typeof ZDeliveriesInput>;

export const ZDeliveryRef = z.object({ id: ZDeliveryId });
export const ZReplayInput = z.object({ deliveryId: ZDeliveryId });
export const ZReplayFailedInput = z.object({ endpointId: ZEndpointId });

export const ZSendTestInput = z.object({
  id: ZEndpointId,
  eventType: z.enum(WEBHOOK_EVENT_TYPES as [WebhookEventType, ...WebhookEventType[]]).optional(),
});
export type SendTestInput = z.infer<typeof ZSendTestInput>;

export const ZEndpointSummary = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string(),
  eventTypes: z.array(z.string()),
  isEnabled: z.boolean(),
  disabledReason: z.enum(WEBHOOK_DISABLED_REASONS).nullable(),
  failingSince: z.string().nullable(),
  previousSecretExpiresAt: z.string().nullable(),
  version: z.number(),
  createdAt: z.string(),
  lastDelivery: z
    .object({
      status: z.enum(WEBHOOK_DELIVERY_STATUSES),
      responseStatus: z.number().nullable(),
      at: z.string(),
    })
    .nullable(),
  failedLast24h: z.number(),
});
export type EndpointSummary = z.infer<typeof ZEndpointSummary>;

export const ZEndpointList = z.object({ items: z.array(ZEndpointSummary) });

/** Create and rotate: the `whsec_` secret, shown this once and stored only sealed. */
export const ZEndpointCreated = z.object({ endpoint: ZEndpointSummary, secret: z.string() });
export type EndpointCreated = z.infer<typeof ZEndpointCreated>;
export const ZSecretRotated = z.object({ secret: z.string(), previousSecretExpiresAt: z.string().nullable() });
export type SecretRotated = z.infer<typeof ZSecretRotated>;

export const ZDeliverySummary = z.object({
  id: z.string(),
  messageId: z.string(),
  eventType: z.string(),
  status: z.enum(WEBHOOK_DELIVERY_STATUSES),
  attemptCount: z.number(),
  nextAttemptAt: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  lastResponseStatus: z.number().nullable(),
  createdAt: z.string(),
});
export type DeliverySummary = z.infer<typeof ZDeliverySummary>;

export const ZDeliveryPage = z.object({ items: z.array(ZDeliverySummary), nextCursor: z.string().nullable() });
export type DeliveryPage = z.infer<typeof ZDeliveryPage>;

export const ZAttempt = z.object({
  id: z.string(),
  attemptNumber: z.number(),
  trigger: z.enum(WEBHOOK_ATTEMPT_TRIGGERS),
  startedAt: z.string(),
  durationMs: z.number(),
  responseStatus: z.number().nullable(),
  responseBodyExcerpt: z.string(),
  error: z.string().nullable(),
  requestUrl: z.string(),
  requestHeaders: z.record(z.string()),
});

export const ZDeliveryDetail = z.object({
  delivery: ZDeliverySummary.extend({ endpointId: z.string(), url: z.string() }),
  payload: z.unknown(),
  attempts: z.array(ZAttempt),
});
export type DeliveryDetail = z.infer<typeof ZDeliveryDetail>;

export const ZDeliveryQueued = z.object({ deliveryId: z.string() });
export const ZReplayedCount = z.object({ count: z.number() });
export const ZDeleted = z.object({ ok: z.literal(true) });
