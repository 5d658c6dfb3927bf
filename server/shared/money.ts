/**
 * Amounts as Stripe sends them — integers in the currency's smallest unit — written for people:
 * 23681 'eur' → "€236.81", 5000 'jpy' → "¥5,000". The number of minor digits comes from the
 * currency itself (Intl), so zero-decimal currencies read right. Shared with the browser.
 */
export function formatMinorAmount(amount: number, currency: string): string {
  let format: Intl.NumberFormat;
  try {
    format = new Intl.NumberFormat('en', { style: 'currency', currency: currency.toUpperCase() });
  } catch {
    return `${amount} ${currency.toUpperCase()}`;
  }
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amount / 10 ** digits);
}
