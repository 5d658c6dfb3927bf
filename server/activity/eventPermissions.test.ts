/** Which permission each activity event needs, and what a reader without it is kept from. */
import { describe, expect, it } from 'vitest';
import type { Permission } from '../shared/permissions';
import { activityReader } from './eventPermissions';
import { permissionForResource, resourceOf } from '../shared/activityResources';

const permissionForActivity = (type: string) => permissionForResource(resourceOf(type));

const holding = (...held: Permission[]) => activityReader((permission) => held.includes(permission));

describe('activity event permissions', () => {
  it('takes the resource from the part of the type before the first dot', () => {
    expect(resourceOf('invoice.paid')).toBe('invoice');
    expect(resourceOf('api_key.created')).toBe('api_key');
    expect(resourceOf('member.roles.changed')).toBe('member');
    expect(resourceOf('standalone')).toBe('standalone');
  });

  it('asks billing events for billing permissions, people events for users:read, others for activity:read', () => {
    expect(permissionForActivity('invoice.paid')).toBe('invoices:read');
    expect(permissionForActivity('invoice.payment_failed')).toBe('invoices:read');
    expect(permissionForActivity('billing.plan_changed')).toBe('billing:read');
    expect(permissionForActivity('member.joined')).toBe('users:read');
    expect(permissionForActivity('member.roles_changed')).toBe('users:read');
    expect(permissionForActivity('invitation.accepted')).toBe('users:read');
    expect(permissionForActivity('api_key.revoked')).toBe('api_keys:read');
    expect(permissionForActivity('webhook.failing')).toBe('webhooks:read');
    expect(permissionForActivity('usage.threshold_crossed')).toBe('usage:read');
    expect(permissionForActivity('ticket.updated')).toBe('support:read');
    expect(permissionForActivity('org.updated')).toBe('activity:read');
    expect(permissionForActivity('brand_new.thing')).toBe('activity:read');
    // Inherited object keys are not resources.
    expect(permissionForActivity('constructor.called')).toBe('activity:read');
    expect(permissionForActivity('toString')).toBe('activity:read');
  });

  it('hides exactly the resources whose permission the reader lacks', () => {
    const viewer = holding('activity:read', 'users:read', 'roles:read', 'support:read', 'org:read');
    expect(viewer.canRead('member.joined')).toBe(true);
    expect(viewer.canRead('ticket.updated')).toBe(true);
    expect(viewer.canRead('org.updated')).toBe(true);
    expect(viewer.canRead('invoice.paid')).toBe(false);
    expect(viewer.canRead('billing.plan_changed')).toBe(false);
    expect(viewer.canRead('api_key.created')).toBe(false);
    expect(viewer.hiddenResources).toContain('invoice');
    expect(viewer.hiddenResources).not.toContain('member');

    const billing = holding('activity:read', 'billing:read', 'invoices:read');
    expect(billing.canRead('invoice.paid')).toBe(true);
    expect(billing.canRead('member.joined')).toBe(false);

    const everything = activityReader(() => true);
    expect(everything.hiddenResources).toEqual([]);
    expect(everything.canRead('invoice.paid')).toBe(true);
  });
});
