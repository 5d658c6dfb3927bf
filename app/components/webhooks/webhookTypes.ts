/**
 * What the webhooks pages show, in the shapes the `webhooks.*` procedures return — read from the
 * router's own output types, so a page cannot drift from what the server sends. Types only: the
 * browser bundle gets nothing from the server.
 */
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../../server/trpc/router';

type WebhookOutputs = inferRouterOutputs<AppRouter>['webhooks'];

export type EndpointSummary = WebhookOutputs['get'];
export type DeliverySummary = WebhookOutputs['deliveries']['items'][number];
export type DeliveryDetail = WebhookOutputs['delivery'];
export type DeliveryAttempt = DeliveryDetail['attempts'][number];
export type DeliveryStatus = DeliverySummary['status'];
