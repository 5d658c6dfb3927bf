import { describe, expect, it } from 'vitest';
import {
  entitlementsOf,
  groupThousands,
  offersAbove,
  planLimitDetailsOf,
  upgradeLabel,
  type PlanLimitDetails,
} from './entitlements';
import { PLANS } from './plans';

describe('entitlements', () => {
  it('flattens a plan into what the browser reads', () => {
    expect(entitlementsOf(PLANS.business)).toEqual({
      plan: 'business',
      planName: 'Business',
      seats: 200,
      apiCallsPerMonth: 2_000_000,
      auditRetentionDays: 1_095,
      isSsoAvailable: true,
      isScimAvailable: true,
    });
  });

  it('offers only the plans above that allow more of the limit reached', () => {
    expect(offersAbove('team', 'seats').map((offer) => offer.key)).toEqual(['business', 'enterprise']);
    expect(offersAbove('enterprise', 'seats')).toEqual([]);
  });

  it('words the upgrade after the first plan that allows more', () => {
    const details: PlanLimitDetails = {
      limit: 'apiCallsPerMonth',
      plan: 'free',
      allowed: 10_000,
      used: 10_000,
      plansAbove: offersAbove('free', 'apiCallsPerMonth'),
    };
    expect(upgradeLabel(details)).toBe('Upgrade to Team for 250,000 API calls a month');
    expect(upgradeLabel({ limit: 'seats', plansAbove: offersAbove('business', 'seats') })).toBe(
      'Upgrade to Enterprise for unlimited seats',
    );
    expect(upgradeLabel({ limit: 'seats', plansAbove: [] })).toBeNull();
  });

  it('groups thousands the same everywhere', () => {
    expect([0, 999, 1_000, 2_000_000].map(groupThousands)).toEqual(['0', '999', '1,000', '2,000,000']);
  });

  it('reads refusal details only when they have the expected shape', () => {
    expect(planLimitDetailsOf({ limit: 'seats', plan: 'free', allowed: 5, used: 5, plansAbove: [] })).not.toBeNull();
    expect(planLimitDetailsOf({ limit: 'seats' })).toBeNull();
    expect(planLimitDetailsOf({ limit: 'rockets', plan: 'free', allowed: 5, used: 5, plansAbove: [] })).toBeNull();
    expect(planLimitDetailsOf(null)).toBeNull();
  });
});
