import { describe, expect, it } from 'vitest';
import { billingAddressOf, paymentErrorOf } from './invoiceRows';
import type { StripeInvoice } from './eventSchemas';

describe('invoice rows', () => {
  it('turns Stripe’s address into a billing address only when it is complete', () => {
    expect(
      billingAddressOf({
        line1: 'Friedrichstraße 68',
        line2: null,
        city: 'Berlin',
        postal_code: '10117',
        state: null,
        country: 'de',
      }),
    ).toEqual({ line1: 'Friedrichstraße 68', city: 'Berlin', postalCode: '10117', country: 'DE' });
    expect(billingAddressOf({ line1: null, city: 'Berlin', postal_code: '10117', country: 'DE' })).toBeNull();
    expect(billingAddressOf(null)).toBeNull();
  });

  it('says which attempt failed and whether Stripe retries', () => {
    const invoice = (attempt: number, next: number | null) =>
      ({ attempt_count: attempt, next_payment_attempt: next }) as StripeInvoice;
    expect(paymentErrorOf(invoice(2, Date.UTC(2026, 11, 6) / 1000))).toBe(
      'Payment attempt 2 failed; Stripe tries again on 2026-12-06.',
    );
    expect(paymentErrorOf(invoice(4, null))).toBe('Payment attempt 4 failed; Stripe will not retry it automatically.');
  });
});
