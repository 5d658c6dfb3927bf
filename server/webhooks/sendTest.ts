/**
 * "Send test event": a message of type `webhook.test` whose data names the event it stands for
 * and carries that event's catalogue example, delivered to this endpoint only — whatever it
 * subscribes to — so a receiver can be tried before real events reach it.
 */
import { webhookDeliveries, webhookMessages } from '../../db/schema';
import {
  WEBHOOK_EVENTS,
  WEBHOOK_EVENT_TYPES,
  WEBHOOK_TEST_EVENT_TYPE,
  isWebhookEventType,
} from '../shared/webhookEvents';
import type { WebhookEventType } from '../shared/webhookEvents';
import type { Tx } from '../tenancy/withTenant';
import { getEndpoint } from './endpointQueries';
import { newMessageId } from './messageId';
import type { SendTestInput } from './schemas';
import { scheduleDelivery } from './schedule';

/** Without a choice, the first type the endpoint subscribes to (the catalogue's first for '*'). */
function standInType(subscribed: string[]): WebhookEventType {
  return subscribed.find(isWebhookEventType) ?? WEBHOOK_EVENT_TYPES[0]!;
}

export function testPayload(eventType: WebhookEventType, now: Date) {
  return {
    type: WEBHOOK_TEST_EVENT_TYPE,
    timestamp: now.toISOString(),
    data: { eventType, example: WEBHOOK_EVENTS[eventType].example },
  };
}

export async function sendTestEvent(
  tx: Tx,
  orgId: string,
  input: SendTestInput,
  now = new Date(),
): Promise<{ deliveryId: string }> {
  const endpoint = await getEndpoint(tx, orgId, input.id);
  const messageId = newMessageId();
  await tx.insert(webhookMessages).values({
    orgId,
    id: messageId,
    eventType: WEBHOOK_TEST_EVENT_TYPE,
    payload: testPayload(input.eventType ?? standInType(endpoint.eventTypes), now),
    createdAt: now,
  });
  const [delivery] = await tx
    .insert(webhookDeliveries)
    .values({ orgId, endpointId: endpoint.id, messageId, status: 'pending', nextAttemptAt: now })
    .returning({ id: webhookDeliveries.id });
  await scheduleDelivery(tx, { orgId, deliveryId: delivery!.id, attemptNumber: 1, trigger: 'test' });
  return { deliveryId: delivery!.id };
}
