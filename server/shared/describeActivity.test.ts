import { describe, expect, it } from 'vitest';
import type { ActivityEvent } from './activityEvent';
import { describeActivity } from './describeActivity';

function event(type: string, data: Record<string, unknown>, actorName: string | null = 'Dana Admin'): ActivityEvent {
  return {
    id: 1,
    type,
    actor: actorName === null ? null : { userId: '00000000-0000-4000-8000-000000000001', name: actorName },
    data,
    createdAt: '2025-01-01T12:00:00.000Z',
  };
}

describe('describeActivity', () => {
  it('org.created names the organization', () => {
    expect(describeActivity(event('org.created', { name: 'Acme Corp', slug: 'acme' }))).toBe('Acme Corp was created');
  });

  it('org.updated lists the changed fields in words', () => {
    expect(describeActivity(event('org.updated', { fields: ['name', 'taxId'] }))).toBe(
      'Dana Admin updated the organization profile (name, tax ID)',
    );
    expect(describeActivity(event('org.updated', { fields: ['billingAddress'] }))).toBe(
      'Dana Admin updated the organization profile (billing address)',
    );
  });

  it('member.joined says with which role', () => {
    expect(describeActivity(event('member.joined', { role: 'Admin' }, 'Adam Admin'))).toBe(
      'Adam Admin joined as Admin',
    );
  });

  it('reads unknown events from their type, and names a missing actor', () => {
    expect(describeActivity(event('widget_part.created', {}))).toBe('Dana Admin created a widget part');
    expect(describeActivity(event('webhook.delivered', {}, null))).toBe('Atrium webhook delivered');
  });
});

describe('describeActivity of member, role, team and audit events', () => {
  it('names the people and teams of member, role and team events', () => {
    expect(describeActivity(event('member.invited', { count: 2, roles: ['Member'] }))).toBe(
      'Dana Admin invited 2 people',
    );
    expect(describeActivity(event('invitation.accepted', {}, 'Ada New'))).toBe('Ada New accepted an invitation');
    expect(describeActivity(event('member.deactivated', { memberName: 'Bo Brown' }))).toBe(
      'Dana Admin deactivated Bo Brown',
    );
    expect(
      describeActivity(event('member.roles_changed', { memberName: 'Bo Brown', roles: ['Admin', 'Billing'] })),
    ).toBe('Dana Admin changed Bo Brown’s roles to Admin and Billing');
    expect(describeActivity(event('member.updated', { memberName: 'Bo Brown', fields: ['region'] }))).toBe(
      'Dana Admin updated Bo Brown’s profile (region)',
    );
    expect(describeActivity(event('member.ownership_transferred', { memberName: 'Bo Brown' }))).toBe(
      'Dana Admin transferred ownership to Bo Brown',
    );
    expect(describeActivity(event('role.updated', { name: 'Support lead' }))).toBe(
      'Dana Admin updated the Support lead role',
    );
    expect(describeActivity(event('team.created', { name: 'Platform' }))).toBe('Dana Admin created the team Platform');
    expect(
      describeActivity(
        event('team.member_added', {
          name: 'Platform',
          members: [{ name: 'Ada' }, { name: 'Bo' }, { name: 'Cy' }, { name: 'Di' }],
        }),
      ),
    ).toBe('Dana Admin added Ada, Bo and 2 others to Platform');
    expect(describeActivity(event('team.member_removed', { name: 'Platform', member: { name: 'Ada' } }))).toBe(
      'Dana Admin removed Ada from Platform',
    );
    expect(
      describeActivity(event('team.lead_changed', { name: 'Platform', member: { name: 'Ada' }, isLead: true })),
    ).toBe('Dana Admin made Ada a lead of Platform');
  });

  it('api_key events name the key, never anything secret', () => {
    const key = { keyId: '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d', name: 'CI deploys' };
    expect(describeActivity(event('api_key.created', { ...key, scopes: ['users:read'] }))).toBe(
      'Dana Admin created the API key CI deploys',
    );
    expect(describeActivity(event('api_key.rotated', { ...key, previousValidUntil: null }))).toBe(
      'Dana Admin rotated the API key CI deploys',
    );
    expect(describeActivity(event('api_key.revoked', key))).toBe('Dana Admin revoked the API key CI deploys');
    expect(describeActivity(event('api_key.deleted', key, null))).toBe('Atrium deleted the API key CI deploys');
    expect(describeActivity(event('api_key.deleted', {}))).toBe('Dana Admin deleted an API key');
  });

  it('audit.push_failing says which endpoint was turned off and why', () => {
    expect(describeActivity(event('audit.push_failing', { host: 'siem.example.com', failures: 8 }, null))).toBe(
      'Audit push to siem.example.com was turned off after 8 failed attempts',
    );
    expect(describeActivity(event('audit.push_failing', { host: 'siem.example.com', failures: 1 }, null))).toBe(
      'Audit push to siem.example.com was turned off after 1 failed attempt',
    );
  });

  it('webhook.endpoint_disabled says which endpoint was turned off and why', () => {
    expect(
      describeActivity(event('webhook.endpoint_disabled', { host: 'hooks.example.com', reason: 'gone' }, null)),
    ).toBe('The webhook endpoint hooks.example.com was turned off: it answered 410 Gone');
    expect(
      describeActivity(event('webhook.endpoint_disabled', { host: 'hooks.example.com', reason: 'failing' }, null)),
    ).toBe('The webhook endpoint hooks.example.com was turned off after failing for 5 days');
  });
});

describe('describeActivity of billing events', () => {
  it('names the invoice and its amount when it is paid or its payment fails', () => {
    const paid = { invoiceId: 'in_1', number: 'ACME-0012', currency: 'eur', amountPaid: 23681 };
    expect(describeActivity(event('invoice.paid', paid, null))).toBe('Invoice ACME-0012 (€236.81) was paid');
    expect(
      describeActivity(
        event('billing.payment_failed', { number: 'ACME-0013', currency: 'usd', amountDue: 4900 }, null),
      ),
    ).toBe('The payment of invoice ACME-0013 ($49.00) failed');
    expect(describeActivity(event('invoice.paid', {}, null))).toBe('An invoice was paid');
  });

  it('says which card expires and when', () => {
    expect(
      describeActivity(
        event('billing.card_expiring', { brand: 'visa', last4: '4242', expMonth: 1, expYear: 2027 }, null),
      ),
    ).toBe('The Visa card ending 4242 expires at the end of 01/2027');
  });

  it('reads a subscription change as a start, a plan change, a pending end or an end', () => {
    const change = (data: Record<string, unknown>) => describeActivity(event('subscription.changed', data, null));
    expect(change({ plan: 'business', status: 'active', previousPlan: null, previousStatus: null })).toBe(
      'The Business subscription started',
    );
    expect(change({ plan: 'business', status: 'active', previousPlan: 'team', previousStatus: 'active' })).toBe(
      'The subscription changed from Team to Business',
    );
    expect(change({ plan: 'team', status: 'active', cancelAtPeriodEnd: true, previousPlan: 'team' })).toBe(
      'The Team subscription is set to end with the current period',
    );
    expect(change({ plan: 'team', status: 'canceled', previousPlan: 'team' })).toBe('The Team subscription ended');
    expect(change({ plan: 'team', status: 'past_due', previousPlan: 'team', previousStatus: 'active' })).toBe(
      'The Team subscription is past due',
    );
  });
});
