/**
 * The API key token: `atr_<lookup>_<secret>`. The lookup (16 lowercase base32 characters) finds
 * the key; the secret (32 random bytes, base64url) proves it, and only its SHA-256 is stored.
 * This module makes, parses and hashes tokens; it never stores or logs one.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';

export const API_KEY_PREFIX = 'atr_';
const TOKEN_SHAPE = /^atr_([a-z2-7]{16})_([A-Za-z0-9_-]{43})$/;

export type ParsedToken = { lookup: string; secret: string };

export function newLookup(): string {
  return encodeBase32LowerCaseNoPadding(randomBytes(10));
}

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function formatToken(lookup: string, secret: string): string {
  return `${API_KEY_PREFIX}${lookup}_${secret}`;
}

/** The token's parts, or null when it is not shaped like one. */
export function parseToken(token: string): ParsedToken | null {
  const match = TOKEN_SHAPE.exec(token);
  return match ? { lookup: match[1]!, secret: match[2]! } : null;
}

export function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/** Constant-time equality of two stored-form hashes; a missing hash matches nothing. */
export function hashesEqual(a: Buffer, b: Buffer | null): boolean {
  return b !== null && a.length === b.length && timingSafeEqual(a, b);
}
