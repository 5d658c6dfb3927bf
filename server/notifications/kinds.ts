/**
 * What a notification preference is about: the kind of an activity event — its resource, the part
 * of the type before the first dot ('invoice.paid' → 'invoice'), the same grouping the feed's
 * permissions use — on one channel. No stored preference means the default below.
 */
import { NOTIFICATION_CHANNELS, type NotificationChannel } from '../../db/schema/notifications';
import { ACTIVITY_EVENT_PERMISSIONS, resourceOf } from '../shared/activityResources';
import type { Permission } from '../shared/permissions';

export { NOTIFICATION_CHANNELS, type NotificationChannel };

/** Kinds a person can set preferences for, with the label the preferences page shows. */
export const NOTIFICATION_KINDS = {
  org: 'Organization profile',
  member: 'Members joining, leaving and changing roles',
  invitation: 'Invitations',
  team: 'Teams',
  role: 'Roles',
  invoice: 'Invoices paid or failed',
  billing: 'Billing and plan',
  subscription: 'Subscription',
  payment: 'Payments',
  plan: 'Plan changes',
  api_key: 'API keys',
  webhook: 'Webhook endpoints',
  usage: 'Usage thresholds',
  sso: 'Single sign-on',
  scim: 'SCIM provisioning',
  ticket: 'Support tickets',
  audit: 'Audit trail',
} as const satisfies Record<'org' | keyof typeof ACTIVITY_EVENT_PERMISSIONS, string>;

export type NotificationKind = keyof typeof NOTIFICATION_KINDS;
export const ALL_NOTIFICATION_KINDS = Object.keys(NOTIFICATION_KINDS) as NotificationKind[];

/**
 * The kinds the preferences page offers: events of capabilities that work. Billing, API keys,
 * webhooks, usage, SSO, SCIM and support events route by their kind already; each is offered
 * here when its capability lands.
 */
export const AVAILABLE_NOTIFICATION_KINDS = [
  'org',
  'member',
  'invitation',
  'team',
  'role',
  'invoice',
  'billing',
  'subscription',
  'audit',
  'usage',
] as const satisfies readonly NotificationKind[];

/**
 * Events only some readers are notified of, beyond the permission that lets them read the event:
 * a quota alert shows in every usage reader's feed, but lands in the inboxes of the people who
 * handle billing.
 */
const NOTIFIED_ONLY_WITH: Readonly<Record<string, Permission>> = {
  'usage.quota_warning': 'billing:read',
  'usage.quota_reached': 'billing:read',
};

/** The extra permission a person needs to be notified of an event of `type` (null: none). */
export function notificationPermissionOf(type: string): Permission | null {
  return NOTIFIED_ONLY_WITH[type] ?? null;
}

export const DEFAULT_CHANNELS: Readonly<Record<NotificationChannel, boolean>> = {
  in_app: true,
  email: false,
  digest: false,
};

/** The preference kind of an event type; events of other resources share the 'org' kind. */
export function notificationKindOf(type: string): NotificationKind {
  const resource = resourceOf(type);
  return Object.hasOwn(NOTIFICATION_KINDS, resource) ? (resource as NotificationKind) : 'org';
}

export type PreferenceRow = { eventKind: string; channel: NotificationChannel; isEnabled: boolean };

/** Whether `channel` is on for events of `kind`, given a person's stored rows. */
export function isChannelEnabled(rows: readonly PreferenceRow[], kind: NotificationKind, channel: NotificationChannel) {
  const row = rows.find((r) => r.eventKind === kind && r.channel === channel);
  return row ? row.isEnabled : DEFAULT_CHANNELS[channel];
}
