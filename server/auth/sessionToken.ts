/** Session and one-time tokens: random bytes to the browser, SHA-256 of them to the database. */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { randomBytes } from 'node:crypto';

/** 25 random bytes (≥ 20 required), base32 so it is cookie- and URL-safe. */
export function generateToken(): string {
  return encodeBase32LowerCaseNoPadding(randomBytes(25));
}

export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}
