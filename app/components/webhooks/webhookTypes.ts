/**
 * What the webhooks pages show, in the shapes the `webhooks.*` procedures return (the webhooks
 * router contract): an endpoint with its state and last delivery, a delivery in the log, and one
 * delivery in full with its attempts. Browser-safe: types only.
 */
export type EndpointDisabledReason = 'gone' | 'failing' | 'admin';
export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';

export type EndpointSummary = {
  id: string;
  url: string;
  description: string;
  /** ['*'] is every event type, including ones added later. */
  eventTypes: string[];
  isEnabled: boolean;
  disabledReason: EndpointDisabledReason | null;
  failingSince: string | null;
  previousSecretExpiresAt: string | null;
  version: number;
  createdAt: string;
  lastDelivery: { status: DeliveryStatus; responseStatus: number | null; at: string } | null;
  failedLast24h: number;
};

export type DeliverySummary = {
  id: string;
  messageId: string;
  eventType: string;
  status: DeliveryStatus;
  attemptCount: number;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  lastResponseStatus: number | null;
  createdAt: string;
};

export type DeliveryAttempt = {
  id: string;
  attemptNumber: number;
  trigger: 'scheduled' | 'replay' | 'test';
  startedAt: string;
  durationMs: number;
  responseStatus: number | null;
  responseBodyExcerpt: string;
  error: string | null;
  requestUrl: string;
  requestHeaders: Record<string, string>;
};

export type DeliveryDetail = {
  delivery: DeliverySummary & { endpointId: string; url: string };
  /** The JSON body as sent. */
  payload?: unknown;
  attempts: DeliveryAttempt[];
};
