import { describe, expect, it } from 'vitest';
import { LANDING_FEATURES } from './landingFeatures';

describe('the landing page', () => {
  it('promises only capabilities that exist', () => {
    const promised = LANDING_FEATURES.map((f) => `${f.title} ${f.text}`).join(' ');
    expect(promised).not.toMatch(/\b(SSO|single sign-on|SCIM|plans?|usage|invoices?|PDF|billing|API keys?|support)\b/i);
  });
});
