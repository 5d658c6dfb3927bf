/**
 * Password hashing with argon2id at OWASP's recommended cost (19 MiB, 2 passes, 1 lane).
 * Never logs or returns a password; callers decide what a failed check means to the user.
 */
import argon2 from 'argon2';

export const ARGON2_PARAMS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * Verified when the account does not exist (or has no password), so an unknown email costs
 * the same time as a wrong password. Made with ARGON2_PARAMS from a throwaway string.
 */
export const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$xj2ZYL5qVkV+LrJYRXqc5Q$xaTbkkEPjAhWc2EPSjY4K75yzg5wK9VwHLC+hZhlUcQ';

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2_PARAMS);
}

/** False for a wrong password and for a malformed stored hash alike. */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(storedHash, password);
  } catch {
    return false;
  }
}

/** Checks a password against the stored hash, spending the same time when there is none. */
export async function checkPassword(storedHash: string | null | undefined, password: string): Promise<boolean> {
  if (!storedHash) {
    await verifyPassword(DUMMY_HASH, password);
    return false;
  }
  return verifyPassword(storedHash, password);
}

/** True when a stored hash was made with weaker or different parameters than today's. */
export function needsRehash(storedHash: string): boolean {
  return argon2.needsRehash(storedHash, ARGON2_PARAMS);
}
