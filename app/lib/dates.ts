/**
 * How the UI writes a moment: "3 Dec 2026, 08:31 UTC", the same on the server and in every
 * browser. Written out by hand rather than with Intl.DateTimeFormat or toLocaleString, whose
 * output depends on the runtime's ICU data, default locale and time zone — any difference
 * between the server's rendering and the browser's fails hydration.
 */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

const twoDigits = (n: number) => String(n).padStart(2, '0');

export function formatUtc(value: Date | string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  const day = `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
  return `${day}, ${twoDigits(date.getUTCHours())}:${twoDigits(date.getUTCMinutes())} UTC`;
}
