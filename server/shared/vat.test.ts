import { describe, expect, it } from 'vitest';
import { ZUpdateProfileInput } from '../orgs/validation';
import { checkTaxId, taxIdHint } from './vat';

describe('checkTaxId for EU billing countries', () => {
  it.each([
    ['DE', 'DE123456789', 'DE123456789'],
    ['DE', 'de 123 456 789', 'DE123456789'],
    ['FR', 'FR 12 345678901', 'FR12345678901'],
    ['FR', 'FRXX123456789', 'FRXX123456789'],
    ['AT', 'ATU12345678', 'ATU12345678'],
    ['NL', 'NL123456789B01', 'NL123456789B01'],
    ['GR', 'EL123456789', 'EL123456789'],
    ['ES', 'ESX1234567X', 'ESX1234567X'],
    ['IE', 'IE1234567WA', 'IE1234567WA'],
    ['BE', 'BE0123.456.789', 'BE0123456789'],
    ['SE', 'SE123456789001', 'SE123456789001'],
  ])('%s accepts %s as %s', (country, raw, value) => {
    expect(checkTaxId(raw, country)).toEqual({ ok: true, value });
  });

  it.each([
    ['DE', 'DE12345678'],
    ['DE', 'DE1234567890'],
    ['DE', 'FR12345678901'],
    ['DE', '123456789'],
    ['FR', 'FR123456789'],
    ['FR', 'FRIO123456789'],
    ['AT', 'AT12345678'],
    ['NL', 'NL123456789A01'],
    ['GR', 'GR123456789'],
    ['SE', 'SE123456789012'],
  ])('%s refuses %s', (country, raw) => {
    const result = checkTaxId(raw, country);
    expect(result.ok).toBe(false);
  });

  it('names the country and shows an example in the message', () => {
    expect(checkTaxId('DE1', 'DE')).toEqual({ ok: false, message: 'Enter a VAT number for Germany, e.g. DE123456789' });
  });
});

describe('checkTaxId for the UK', () => {
  it.each(['GB123456789', 'GB123456789012', 'GBGD001', 'GBHA599', 'XI123456789'])('accepts %s', (raw) => {
    expect(checkTaxId(raw, 'GB').ok).toBe(true);
  });
  it.each(['GB12345678', 'GBGD500', 'DE123456789'])('refuses %s', (raw) => {
    expect(checkTaxId(raw, 'GB').ok).toBe(false);
  });
});

describe('checkTaxId elsewhere', () => {
  it.each([
    ['US', '12-3456789'],
    ['CH', 'CHE-123.456.789 MWST'],
    ['AU', '51 824 753 556'],
    ['IN', '22AAAAA0000A1Z5'],
  ])('%s accepts the local format %s', (country, raw) => {
    expect(checkTaxId(raw, country)).toEqual({ ok: true, value: raw.toUpperCase() });
  });

  it('without a billing country accepts any reasonable ID', () => {
    expect(checkTaxId('abc-123', null)).toEqual({ ok: true, value: 'ABC-123' });
  });

  it.each(['x', '<script>', 'a'.repeat(41)])('refuses %s', (raw) => {
    expect(checkTaxId(raw, 'US').ok).toBe(false);
  });
});

describe('taxIdHint', () => {
  it('shows the country’s VAT example or a general hint', () => {
    expect(taxIdHint('FR')).toBe('VAT number for France, e.g. FR12345678901');
    expect(taxIdHint('US')).toMatch(/business tax ID/);
    expect(taxIdHint(null)).toMatch(/business tax ID/);
  });
});

describe('ZUpdateProfileInput', () => {
  const base = {
    version: 1,
    name: 'Acme Corp',
    billingAddress: { line1: 'Unter den Linden 1', city: 'Berlin', postalCode: '10117', country: 'de' },
  };

  it('canonicalises the tax ID and upper-cases the country', () => {
    const parsed = ZUpdateProfileInput.parse({ ...base, taxId: 'de123 456 789' });
    expect(parsed.taxId).toBe('DE123456789');
    expect(parsed.billingAddress?.country).toBe('DE');
  });

  it('treats an empty tax ID as none', () => {
    expect(ZUpdateProfileInput.parse({ ...base, taxId: '  ' }).taxId).toBeNull();
  });

  it('reports a wrong VAT format on the taxId field', () => {
    const result = ZUpdateProfileInput.safeParse({ ...base, taxId: 'DE1' });
    expect(result.success).toBe(false);
    expect(result.error?.flatten().fieldErrors).toEqual({
      taxId: ['Enter a VAT number for Germany, e.g. DE123456789'],
    });
  });

  it('refuses an unknown country code', () => {
    const result = ZUpdateProfileInput.safeParse({
      ...base,
      billingAddress: { ...base.billingAddress, country: 'XX' },
      taxId: null,
    });
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['billingAddress.country']);
  });
});
