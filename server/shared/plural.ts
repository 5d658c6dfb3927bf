/**
 * Counts in sentences: "1 event", "2 events", "1 person", "3 people". The one way the UI, emails
 * and messages put a number before a noun. Pure, so the browser imports it too.
 */

/** The noun for `count`: `one` for exactly 1, else `many` (default: `one` + "s"). */
export function pluralNoun(count: number, one: string, many = `${one}s`): string {
  return count === 1 ? one : many;
}

/** The count and its noun: `countOf(1, 'event')` → "1 event", `countOf(0, 'event')` → "0 events". */
export function countOf(count: number, one: string, many?: string): string {
  return `${count} ${pluralNoun(count, one, many)}`;
}
