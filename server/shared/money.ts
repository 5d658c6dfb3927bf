/**
 * How Atrium writes an amount of money: Intl.NumberFormat for the currency (its symbol and its
 * number of decimals: 2 for EUR, 0 for JPY), in English, with ordinary spaces instead of the
 * no-break spaces some locales put between symbol and number — the same text on the server, in the
 * browser and in a PDF whose standard fonts carry no narrow no-break space.
 */

/** A currency's minor units: Stripe sends 1999 for €19.99 and 1999 for ¥1,999. */
function fractionDigitsOf(currency: string): number {
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** `formatMoney(123456, 'eur')` → "€1,234.56"; an unknown code is written after the number. */
export function formatMoney(amountInMinorUnits: number, currency: string): string {
  const code = currency.toUpperCase();
  const digits = fractionDigitsOf(code);
  const value = amountInMinorUnits / 10 ** digits;
  let text: string;
  try {
    text = new Intl.NumberFormat('en-US', { style: 'currency', currency: code }).format(value);
  } catch {
    text = `${value.toFixed(digits)} ${code}`;
  }
  return text.replace(/[\u00A0\u202F]/g, ' ');
}
