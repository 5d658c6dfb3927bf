/**
 * The one string schema for text that arrives from outside (procedure inputs, form fields,
 * filters, cursors). It refuses what PostgreSQL cannot store and what would only turn into a 500
 * deep in a query: NUL ("invalid byte sequence for encoding UTF8: 0x00") and UTF-16 surrogates
 * without their pair ("invalid input syntax for type json" once the value lands in jsonb).
 *
 * Shared by the server and the browser: zod only, no server runtime values. Output schemas keep
 * plain `z.string()`; every input schema builds its strings from `zText()`.
 */
import { z } from 'zod';

export const UNSAFE_TEXT_MESSAGE = 'Contains characters that are not allowed';

/**
 * Matches text with a NUL or an unpaired surrogate anywhere. Lookarounds instead of a
 * "whole string of allowed units" pattern so a 1 MB value is one linear scan with no backtracking.
 */
const UNSAFE_TEXT = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** zod's `.regex()` wants a pattern the value must match: "nowhere an unsafe unit". */
const SAFE_TEXT = new RegExp(`^(?![\\s\\S]*(?:${UNSAFE_TEXT.source}))`);

export function isSafeText(value: string): boolean {
  return !UNSAFE_TEXT.test(value);
}

const UNSAFE_TEXT_GLOBAL = new RegExp(UNSAFE_TEXT.source, 'g');

/**
 * The text with each NUL and unpaired surrogate replaced by U+FFFD: for what must be stored even
 * when it was refused (an audit event recording a refused input), never to accept input.
 */
export function storableText(value: string): string {
  return isSafeText(value) ? value : value.replace(UNSAFE_TEXT_GLOBAL, '\uFFFD');
}

/**
 * A string without NUL or unpaired surrogates. Returns a ZodString, so callers chain the rest as
 * usual: `zText().trim().min(1).max(80)`, `zText().uuid()`, `zText().email()`.
 */
export function zText(message: string = UNSAFE_TEXT_MESSAGE): z.ZodString {
  return z.string().regex(SAFE_TEXT, message);
}
