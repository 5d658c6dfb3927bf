/**
 * Sealing secrets that must be stored in the database and read back (a push endpoint's signing
 * secret): AES-256-GCM with a random 96-bit IV per seal and the purpose bound as associated data,
 * so a sealed value copied into another column or another org's row does not open. The key is
 * ENCRYPTION_KEY or the one generated into DATA_DIR/secrets.json (server/env.ts). Sealed form:
 * `v1.<iv>.<tag>.<ciphertext>`, base64url parts. Opening a tampered or foreign value throws.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

function assertKey(key: Buffer): void {
  if (key.length !== 32) throw new SecretBoxError('The encryption key must be 32 bytes');
}

/** `context` names what the secret is for and whose it is (e.g. `audit-push:<orgId>`). */
export function seal(key: Buffer, plaintext: string, context: string): string {
  assertKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv, tag, ciphertext]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

export function open(key: Buffer, sealed: string, context: string): string {
  assertKey(key);
  const parts = sealed.split('.');
  if (parts.length !== 4 || parts[0] !== VERSION) throw new SecretBoxError('Not a sealed secret');
  const [iv, tag, ciphertext] = parts.slice(1).map((part) => Buffer.from(part, 'base64url'));
  if (!iv || iv.length !== IV_BYTES || !tag || tag.length !== TAG_BYTES || !ciphertext) {
    throw new SecretBoxError('Not a sealed secret');
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretBoxError('The sealed secret was altered or sealed with another key');
  }
}
