import { describe, expect, it } from 'vitest';
import { env } from '../../env';
import { planOfSubscription } from './planOfPrice';

const items = (...prices: string[]) => ({
  data: prices.map((id, n) => ({ price: { id }, quantity: n + 2, current_period_start: 0, current_period_end: 1 })),
});

describe('planOfSubscription', () => {
  it('reads the plan from the configured prices, whichever item carries it', () => {
    expect(planOfSubscription({ items: items(env.STRIPE_PRICE_TEAM), metadata: {} })).toMatchObject({
      plan: 'team',
      quantity: 2,
    });
    expect(planOfSubscription({ items: items('price_addon', env.STRIPE_PRICE_BUSINESS), metadata: {} })).toMatchObject({
      plan: 'business',
      priceId: env.STRIPE_PRICE_BUSINESS,
      quantity: 3,
    });
  });

  it('grants Enterprise only by the contract’s metadata, and Free for an unknown price', () => {
    expect(planOfSubscription({ items: items('price_contract'), metadata: { plan: 'enterprise' } }).plan).toBe(
      'enterprise',
    );
    expect(planOfSubscription({ items: items('price_contract'), metadata: { plan: 'business' } })).toMatchObject({
      plan: 'free',
      isKnownPrice: false,
    });
  });
});
