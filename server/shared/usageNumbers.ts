/**
 * How usage figures read, the same on the server and in every browser: "12,500" and "1.2 GB",
 * written out by hand (not Intl / toLocaleString, whose output depends on the runtime's ICU data
 * and would fail hydration). Pure, so the browser imports it too.
 */

/** 1234567 → "1,234,567". */
export function groupedCount(value: number): string {
  const [whole, fraction] = String(Math.round(value * 10) / 10).split('.');
  const sign = whole!.startsWith('-') ? '-' : '';
  const digits = sign ? whole!.slice(1) : whole!;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${grouped}${fraction ? `.${fraction}` : ''}`;
}

const BYTE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'] as const;

/** 1_250_000 → "1.3 MB" (decimal units). */
export function formattedBytes(value: number): string {
  let amount = value;
  let unit = 0;
  while (amount >= 1000 && unit < BYTE_UNITS.length - 1) {
    amount /= 1000;
    unit++;
  }
  const shown = unit === 0 || amount >= 100 ? Math.round(amount) : Math.round(amount * 10) / 10;
  return `${shown} ${BYTE_UNITS[unit]}`;
}
