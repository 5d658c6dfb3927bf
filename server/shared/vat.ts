/**
 * Tax ID rules for the organization profile. For EU member states (and the UK, whose VAT
 * numbers invoices still carry) the ID must be a VAT number in that country's published
 * format; elsewhere any reasonable business tax ID is accepted. Format only: whether a number
 * is registered is VIES's question, not ours.
 */

type VatFormat = { country: string; pattern: RegExp; example: string };

/** Keyed by ISO country code; Greece's VAT prefix is EL, Northern Ireland traders use XI. */
const VAT_FORMATS: Record<string, VatFormat> = {
  AT: { country: 'Austria', pattern: /^ATU\d{8}$/, example: 'ATU12345678' },
  BE: { country: 'Belgium', pattern: /^BE[01]\d{9}$/, example: 'BE0123456789' },
  BG: { country: 'Bulgaria', pattern: /^BG\d{9,10}$/, example: 'BG123456789' },
  CY: { country: 'Cyprus', pattern: /^CY\d{8}[A-Z]$/, example: 'CY12345678X' },
  CZ: { country: 'Czechia', pattern: /^CZ\d{8,10}$/, example: 'CZ12345678' },
  DE: { country: 'Germany', pattern: /^DE\d{9}$/, example: 'DE123456789' },
  DK: { country: 'Denmark', pattern: /^DK\d{8}$/, example: 'DK12345678' },
  EE: { country: 'Estonia', pattern: /^EE\d{9}$/, example: 'EE123456789' },
  ES: { country: 'Spain', pattern: /^ES[A-Z0-9]\d{7}[A-Z0-9]$/, example: 'ESX1234567X' },
  FI: { country: 'Finland', pattern: /^FI\d{8}$/, example: 'FI12345678' },
  FR: { country: 'France', pattern: /^FR[A-HJ-NP-Z0-9]{2}\d{9}$/, example: 'FR12345678901' },
  GR: { country: 'Greece', pattern: /^EL\d{9}$/, example: 'EL123456789' },
  HR: { country: 'Croatia', pattern: /^HR\d{11}$/, example: 'HR12345678901' },
  HU: { country: 'Hungary', pattern: /^HU\d{8}$/, example: 'HU12345678' },
  IE: { country: 'Ireland', pattern: /^IE(?:\d{7}[A-W][A-IW]?|\d[A-Z+*]\d{5}[A-W])$/, example: 'IE1234567WA' },
  IT: { country: 'Italy', pattern: /^IT\d{11}$/, example: 'IT12345678901' },
  LT: { country: 'Lithuania', pattern: /^LT(?:\d{9}|\d{12})$/, example: 'LT123456789' },
  LU: { country: 'Luxembourg', pattern: /^LU\d{8}$/, example: 'LU12345678' },
  LV: { country: 'Latvia', pattern: /^LV\d{11}$/, example: 'LV12345678901' },
  MT: { country: 'Malta', pattern: /^MT\d{8}$/, example: 'MT12345678' },
  NL: { country: 'the Netherlands', pattern: /^NL\d{9}B\d{2}$/, example: 'NL123456789B01' },
  PL: { country: 'Poland', pattern: /^PL\d{10}$/, example: 'PL1234567890' },
  PT: { country: 'Portugal', pattern: /^PT\d{9}$/, example: 'PT123456789' },
  RO: { country: 'Romania', pattern: /^RO\d{2,10}$/, example: 'RO1234567890' },
  SE: { country: 'Sweden', pattern: /^SE\d{10}01$/, example: 'SE123456789001' },
  SI: { country: 'Slovenia', pattern: /^SI\d{8}$/, example: 'SI12345678' },
  SK: { country: 'Slovakia', pattern: /^SK\d{10}$/, example: 'SK1234567890' },
  GB: {
    country: 'the United Kingdom',
    pattern: /^(?:GB|XI)(?:\d{9}|\d{12}|GD[0-4]\d{2}|HA[5-9]\d{2})$/,
    example: 'GB123456789',
  },
};

/** Anything printable a tax authority might issue (EIN, ABN, CHE-…, GSTIN), within reason. */
const OTHER_TAX_ID = /^[A-Z0-9][A-Z0-9 ./-]{1,38}[A-Z0-9]$/;

export type TaxIdCheck = { ok: true; value: string } | { ok: false; message: string };

export function hasVatFormat(country: string): boolean {
  return Object.hasOwn(VAT_FORMATS, country);
}

/** What the form shows under the field for the chosen country. */
export function taxIdHint(country: string | null | undefined): string {
  const format = country ? VAT_FORMATS[country] : undefined;
  return format
    ? `VAT number for ${format.country}, e.g. ${format.example}`
    : 'Your VAT number or business tax ID, as it should appear on invoices';
}

/** Spaces, dots and dashes are common in printed VAT numbers but not part of them. */
function compactVat(raw: string): string {
  return raw.toUpperCase().replace(/[\s.-]/g, '');
}

/** Checks a tax ID against the billing country and returns its canonical form. */
export function checkTaxId(raw: string, country: string | null): TaxIdCheck {
  const format = country ? VAT_FORMATS[country] : undefined;
  if (format) {
    const value = compactVat(raw);
    return format.pattern.test(value)
      ? { ok: true, value }
      : { ok: false, message: `Enter a VAT number for ${format.country}, e.g. ${format.example}` };
  }
  const value = raw.trim().toUpperCase().replace(/\s+/g, ' ');
  return OTHER_TAX_ID.test(value)
    ? { ok: true, value }
    : { ok: false, message: 'Use 3–40 letters, digits, spaces, dots, slashes or dashes' };
}
