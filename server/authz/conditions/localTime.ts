/**
 * Wall-clock hour, minute and ISO weekday of an instant in an IANA time zone, for business-hours
 * conditions. Intl does the zone arithmetic (daylight saving included); no offset is ever
 * computed by hand. Formatters are costly to build, so one is kept per zone.
 */

export type LocalTime = {
  hour: number;
  minute: number;
  /** ISO 8601: 1 = Monday … 7 = Sunday. */
  weekday: number;
};

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const MAX_FORMATTERS = 1_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat | null {
  const known = formatters.get(timeZone);
  if (known) return known;
  let formatter: Intl.DateTimeFormat;
  try {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
    });
  } catch (_error) {
    return null;
  }
  if (formatters.size >= MAX_FORMATTERS) formatters.clear();
  formatters.set(timeZone, formatter);
  return formatter;
}

export function isValidTimeZone(timeZone: string): boolean {
  return formatterFor(timeZone) !== null;
}

/** The local time of `instant` in `timeZone`, or null when the zone is unknown. */
export function localTimeIn(instant: Date, timeZone: string): LocalTime | null {
  const formatter = formatterFor(timeZone);
  if (!formatter || Number.isNaN(instant.getTime())) return null;
  let hour = -1;
  let minute = -1;
  let weekday = -1;
  for (const part of formatter.formatToParts(instant)) {
    if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
    else if (part.type === 'weekday') weekday = WEEKDAYS[part.value] ?? -1;
  }
  return hour >= 0 && minute >= 0 && weekday > 0 ? { hour, minute, weekday } : null;
}
