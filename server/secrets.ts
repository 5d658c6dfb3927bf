/**
 * Secrets that the operator did not configure are generated once and kept in DATA_DIR
 * (git-ignored), so a fresh clone starts without hard-coded credentials. A field added by a later
 * version is generated and merged in: the fields already there (the database passwords of a
 * running install) are never regenerated, and a file that is not JSON at all is refused rather
 * than overwritten.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const GENERATORS = {
  appDbPassword: () => randomBytes(24).toString('base64url'),
  ownerDbPassword: () => randomBytes(24).toString('base64url'),
  /** AES-256-GCM key for secrets stored in the database (server/crypto/secretBox.ts). */
  encryptionKey: () => randomBytes(32).toString('base64'),
} as const;

const ZSecrets = z.object({
  appDbPassword: z.string().min(16),
  ownerDbPassword: z.string().min(16),
  encryptionKey: z.string().refine((value) => Buffer.from(value, 'base64').length === 32, 'must be 32 bytes, base64'),
});
export type GeneratedSecrets = z.infer<typeof ZSecrets>;

function readExisting(file: string): Record<string, unknown> {
  if (!existsSync(file)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new Error(`${file} is not valid JSON; fix or remove it (it holds the generated database passwords)`);
  }
  return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
}

export function loadGeneratedSecrets(dataDir: string): GeneratedSecrets {
  const file = join(dataDir, 'secrets.json');
  const existing = readExisting(file);
  const merged: Record<string, unknown> = { ...existing };
  let isChanged = false;
  for (const [name, generate] of Object.entries(GENERATORS)) {
    const field = ZSecrets.shape[name as keyof typeof GENERATORS];
    if (!field.safeParse(existing[name]).success) {
      merged[name] = generate();
      isChanged = true;
    }
  }
  const secrets = ZSecrets.parse(merged);
  if (isChanged) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(file, JSON.stringify(merged, null, 2), { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return secrets;
}
