/**
 * The webhook event catalogue: every event type an endpoint can subscribe to, with what it means
 * and an example of its `data`. Each is made from the activity event of the same type after it
 * commits (server/webhooks/), so the catalogue names only events the product records today.
 * Browser-safe: the portal's catalogue page and the endpoint form read it.
 */
import { z } from 'zod';

export type WebhookEventGroup = 'Members' | 'Invitations' | 'Roles' | 'Teams' | 'API keys' | 'Billing' | 'Usage';

export type WebhookEventDefinition = {
  group: WebhookEventGroup;
  description: string;
  /** An example of the event's `data` (ids are illustrative). */
  example: Record<string, unknown>;
};

const MEMBERSHIP = '6f1c2d4e-8a9b-4c3d-9e2f-1a2b3c4d5e6f';
const USER = '0b9a8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d';
const ROLE = '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f';
const TEAM = '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b';
const KEY = '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d';
const INVOICE = 'in_1QxAcme0001';
const SUBSCRIPTION = 'sub_1QxAcme0001';

export const WEBHOOK_EVENTS = {
  'member.joined': {
    group: 'Members',
    description: 'Someone joined the organization (accepted an invitation or was added).',
    example: { membershipId: MEMBERSHIP, role: ['Member'] },
  },
  'member.updated': {
    group: 'Members',
    description: "A member's attributes changed.",
    example: { membershipId: MEMBERSHIP, memberName: 'Ada Lovelace', fields: ['department'] },
  },
  'member.roles_changed': {
    group: 'Members',
    description: "A member's roles changed.",
    example: { membershipId: MEMBERSHIP, memberName: 'Ada Lovelace', added: ['Admin'], removed: ['Member'] },
  },
  'member.deactivated': {
    group: 'Members',
    description: 'A member was deactivated: they can no longer sign in to the organization.',
    example: { membershipId: MEMBERSHIP, userId: USER, memberName: 'Ada Lovelace', sessionsRevoked: 2 },
  },
  'member.reactivated': {
    group: 'Members',
    description: 'A deactivated member was reactivated.',
    example: { membershipId: MEMBERSHIP, userId: USER, memberName: 'Ada Lovelace' },
  },
  'member.removed': {
    group: 'Members',
    description: 'A member was removed from the organization.',
    example: {
      membershipId: MEMBERSHIP,
      userId: USER,
      memberName: 'Ada Lovelace',
      email: 'ada@example.com',
      sessionsRevoked: 1,
    },
  },
  'member.ownership_transferred': {
    group: 'Members',
    description: 'Ownership of the organization moved to another member.',
    example: { membershipId: MEMBERSHIP, userId: USER, memberName: 'Ada Lovelace', from: MEMBERSHIP },
  },
  'member.invited': {
    group: 'Invitations',
    description: 'People were invited to join the organization.',
    example: { count: 2, roles: ['Member'] },
  },
  'invitation.revoked': {
    group: 'Invitations',
    description: 'A pending invitation was revoked.',
    example: {},
  },
  'invitation.accepted': {
    group: 'Invitations',
    description: 'An invitation was accepted.',
    example: { invitationId: MEMBERSHIP, membershipId: MEMBERSHIP, invitedByUserId: USER },
  },
  'role.created': {
    group: 'Roles',
    description: 'A custom role was created.',
    example: { roleId: ROLE, name: 'Support lead' },
  },
  'role.updated': {
    group: 'Roles',
    description: "A role's name, description, permissions or parents changed.",
    example: { roleId: ROLE, name: 'Support lead', fields: ['permissions'], version: 3 },
  },
  'role.deleted': {
    group: 'Roles',
    description: 'A custom role was deleted (its holders may have moved to another role).',
    example: { roleId: ROLE, name: 'Support lead', reassignedTo: 'Member', membersMoved: 4 },
  },
  'team.created': {
    group: 'Teams',
    description: 'A team was created.',
    example: { teamId: TEAM, name: 'Platform', kind: 'team', version: 1 },
  },
  'team.updated': {
    group: 'Teams',
    description: "A team's name, kind or parent changed.",
    example: { teamId: TEAM, name: 'Platform', fields: ['name'], version: 2 },
  },
  'team.deleted': {
    group: 'Teams',
    description: 'A team was deleted.',
    example: { teamId: TEAM, name: 'Platform' },
  },
  'team.member_added': {
    group: 'Teams',
    description: 'People were added to a team.',
    example: { teamId: TEAM, name: 'Platform', members: [{ membershipId: MEMBERSHIP, name: 'Ada Lovelace' }] },
  },
  'team.member_removed': {
    group: 'Teams',
    description: 'Someone was removed from a team.',
    example: { teamId: TEAM, name: 'Platform', membershipId: MEMBERSHIP, memberName: 'Ada Lovelace' },
  },
  'team.lead_changed': {
    group: 'Teams',
    description: "A team's lead changed.",
    example: { teamId: TEAM, name: 'Platform', leadMembershipId: MEMBERSHIP, leadName: 'Ada Lovelace' },
  },
  'api_key.created': {
    group: 'API keys',
    description: 'An API key was created.',
    example: { keyId: KEY, name: 'CI deploys', scopes: ['users:read'] },
  },
  'api_key.rotated': {
    group: 'API keys',
    description: "An API key's secret was rotated.",
    example: { keyId: KEY, name: 'CI deploys', previousValidUntil: '2026-12-04T12:00:00.000Z' },
  },
  'api_key.revoked': {
    group: 'API keys',
    description: 'An API key was revoked: it no longer works.',
    example: { keyId: KEY, name: 'CI deploys' },
  },
  'api_key.deleted': {
    group: 'API keys',
    description: 'An API key was deleted.',
    example: { keyId: KEY, name: 'CI deploys' },
  },
  'invoice.paid': {
    group: 'Billing',
    description: 'An invoice was paid (amounts in the currency’s smallest unit).',
    example: { invoiceId: INVOICE, number: 'ACME-0012', currency: 'eur', amountPaid: 23681 },
  },
  'subscription.changed': {
    group: 'Billing',
    description: 'The subscription started, changed plan, seats or status, was set to cancel, or ended.',
    example: {
      subscriptionId: SUBSCRIPTION,
      plan: 'business',
      status: 'active',
      quantity: 12,
      cancelAtPeriodEnd: false,
      previousPlan: 'team',
      previousStatus: 'active',
    },
  },
  'billing.payment_failed': {
    group: 'Billing',
    description: 'Paying an invoice failed (sent once per invoice; Stripe retries on its schedule).',
    example: {
      invoiceId: INVOICE,
      number: 'ACME-0012',
      currency: 'eur',
      amountDue: 23681,
      attemptCount: 1,
      nextAttemptAt: '2026-12-06T09:00:00.000Z',
      reason: 'Payment attempt 1 failed; Stripe tries again on 2026-12-06.',
    },
  },
  'billing.card_expiring': {
    group: 'Billing',
    description: 'The card on file expires this month or next (sent once per expiry month).',
    example: { brand: 'visa', last4: '4242', expMonth: 1, expYear: 2027 },
  },
  'usage.quota_warning': {
    group: 'Usage',
    description: "This month's API calls passed 80 % of the plan's monthly limit (sent once a month).",
    example: { metric: 'api_call', used: 8_004, limit: 10_000, percent: 80, plan: 'free' },
  },
  'usage.quota_reached': {
    group: 'Usage',
    description: "This month's API calls reached the plan's monthly limit (sent once a month).",
    example: { metric: 'api_call', used: 10_012, limit: 10_000, percent: 100, plan: 'free' },
  },
} as const satisfies Record<string, WebhookEventDefinition>;

export type WebhookEventType = keyof typeof WEBHOOK_EVENTS;
export const WEBHOOK_EVENT_TYPES = Object.keys(WEBHOOK_EVENTS) as WebhookEventType[];
/** Sent only by "send test event", to the endpoint it was sent to; nobody subscribes to it. */
export const WEBHOOK_TEST_EVENT_TYPE = 'webhook.test';

export function isWebhookEventType(value: string): value is WebhookEventType {
  return Object.hasOwn(WEBHOOK_EVENTS, value);
}

/** A subscription: '*' (every type, including ones added later) or a list of catalogue types. */
export const ZWebhookEventTypes = z.union([
  z.tuple([z.literal('*')]),
  z
    .array(z.enum(WEBHOOK_EVENT_TYPES as [WebhookEventType, ...WebhookEventType[]]))
    .min(1, 'Choose at least one event type')
    .max(100),
]);
