import { describe, expect, it } from 'vitest';
import { COUNTRIES, countryName, countryOptions, isCountryCode } from './countries';

describe('the country table shared by the server and the settings page', () => {
  it('holds each ISO code once, with a name', () => {
    const codes = COUNTRIES.map(([code]) => code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const [code, name] of COUNTRIES) {
      expect(code).toMatch(/^[A-Z]{2}$/);
      expect(name.trim()).not.toBe('');
    }
  });

  it('names countries from its own data, not from the runtime ICU (which differs from the browser’s)', () => {
    expect(countryName('HK')).toBe('Hong Kong');
    expect(countryName('MO')).toBe('Macao');
    expect(isCountryCode('HK')).toBe(true);
    expect(isCountryCode('XX')).toBe(false);
  });

  it('offers the countries in the table’s order, sorted by name', () => {
    const names = countryOptions().map((c) => c.name);
    expect(names[0]).toBe('Afghanistan');
    expect(names.at(-1)).toBe('Zimbabwe');
    expect(names.indexOf('United Kingdom')).toBeLessThan(names.indexOf('United States'));
  });
});
