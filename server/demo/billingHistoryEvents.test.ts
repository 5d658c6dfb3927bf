import { describe, expect, it } from 'vitest';
import { demoBillingHistoryEvents, DEMO_HISTORY_MONTHS, type DemoBillingProfile } from './billingHistoryEvents';

const profile: DemoBillingProfile = {
  orgId: '6f1c2d4e-8a9b-4c3d-9e2f-1a2b3c4d5e6f',
  name: 'Acme Corp',
  email: 'billing@acme.test',
  billingAddress: { line1: 'Friedrichstraße 68', city: 'Berlin', postalCode: '10117', country: 'DE' },
  taxId: 'DE123456789',
  businessPriceId: 'price_business',
};

describe('the demo billing history events', () => {
  const now = new Date('2026-12-03T18:00:00Z');
  const events = demoBillingHistoryEvents(profile, now);

  it('has one paid invoice a month for twelve months, ending with this month, oldest first', () => {
    const invoices = events.filter((event) => event.type === 'invoice.paid');
    expect(invoices).toHaveLength(DEMO_HISTORY_MONTHS);
    expect(invoices.map((event) => event.data.object.number)).toEqual(
      [
        '202601',
        '202602',
        '202603',
        '202604',
        '202605',
        '202606',
        '202607',
        '202608',
        '202609',
        '202610',
        '202611',
        '202612',
      ].map((month) => `ACME-${month}`),
    );
    const created = events.map((event) => event.created);
    expect([...created].sort((a, b) => a - b)).toEqual(created);
    expect(Math.max(...created)).toBeLessThan(now.getTime() / 1000);
  });

  it('gives the same ids in the same month, and Stripe-shaped ids throughout', () => {
    const again = demoBillingHistoryEvents(profile, new Date('2026-12-28T08:00:00Z'));
    expect(again.map((event) => event.id)).toEqual(events.map((event) => event.id));
    for (const event of events) expect(event.id).toMatch(/^evt_[A-Za-z0-9]+$/);
  });
});
