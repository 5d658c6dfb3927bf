/**
 * The invite form's pasted list of addresses: split on commas, semicolons, spaces or new lines,
 * `<…>` brackets dropped, duplicates (case-insensitive) folded into the first. Each entry is
 * checked on its own so the form can say which ones are wrong and still invite the rest.
 */
import { zText } from '../shared/safeText';

export const MAX_INVITES_PER_REQUEST = 50;

const ZAddress = zText().max(254).email();

export type ParsedAddress = { input: string; email: string | null };

/** Entries in the order typed; `email` is the lower-cased address, or null when malformed. */
export function parseEmailList(text: string): ParsedAddress[] {
  const seen = new Set<string>();
  const entries: ParsedAddress[] = [];
  for (const raw of text.split(/[\s,;]+/)) {
    const input = raw.replace(/^<+|>+$/g, '').trim();
    if (!input) continue;
    const key = input.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    entries.push({ input, email: ZAddress.safeParse(key).success ? key : null });
  }
  return entries;
}
