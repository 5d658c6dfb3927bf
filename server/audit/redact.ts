/**
 * What may enter an audit event's before/after: plain JSON with secrets replaced. Any key that
 * names a secret (password, token, secret, key, hash — e.g. `apiKey`, `tokenHash`, `clientSecret`)
 * has its value replaced whatever its type, at any depth. Values are bounded too (depth, array
 * length, string length) so an event stays small; cycles and non-JSON values cannot get through;
 * NUL and unpaired surrogates (a refused input may hold them) become U+FFFD, which jsonb can store.
 */
import { storableText } from '../shared/safeText';

export const REDACTED = '[redacted]';

const SECRET_KEY = /password|passwd|token|secret|key|hash|authorization|cookie|credential/i;
const MAX_DEPTH = 8;
const MAX_ITEMS = 200;
const MAX_STRING = 2_000;

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

export function redact(value: unknown, depth = 0): Json {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string')
    return storableText(value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (Array.isArray(value)) return value.slice(0, MAX_ITEMS).map((item) => redact(item, depth + 1));
  if (value instanceof Set) return redact([...value], depth);
  if (typeof value === 'object') {
    if (Buffer.isBuffer(value)) return REDACTED;
    const out: Record<string, Json> = {};
    for (const [key, item] of Object.entries(value).slice(0, MAX_ITEMS)) {
      if (item === undefined || typeof item === 'function') continue;
      out[storableText(key)] = isSecretKey(key) ? REDACTED : redact(item, depth + 1);
    }
    return out;
  }
  return null;
}
