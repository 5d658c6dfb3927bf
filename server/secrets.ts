/**
 * Secrets that the operator did not configure are generated once and kept in DATA_DIR
 * (git-ignored), so a fresh clone starts without hard-coded credentials. A field added by a later
 * version is generated and merged in: the fields already there (the database passwords of a
 * running install) are never regenerated, and a file that is not JSON at all is refused rather
 * than overwritten.
 */
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const GENERATORS = {
  appDbPassword: () => randomBytes(24).toString('base64url'),
  ownerDbPassword: () => randomBytes(24).toString('base64url'),
  /** AES-256-GCM key for secrets stored in the database (server/crypto/secretBox.ts). */
  encryptionKey: () => randomBytes(32).toString('base64'),
  /**
   * Verifies Stripe's webhook signatures when STRIPE_WEBHOOK_SECRET is not set — and signs the demo
   * seed's billing history, which it posts through the same endpoint.
   */
  stripeWebhookSecret: () => `whsec_${randomBytes(24).toString('base64url')}`,
} as const;

const ZSecrets = z.object({
  appDbPassword: z.string().min(16),
  ownerDbPassword: z.string().min(16),
  encryptionKey: z.string().refine((value) => Buffer.from(value, 'base64').length === 32, 'must be 32 bytes, base64'),
  stripeWebhookSecret: z.string().regex(/^whsec_[A-Za-z0-9_-]{16,}$/),
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

function missingFields(existing: Record<string, unknown>): (keyof typeof GENERATORS)[] {
  return (Object.keys(GENERATORS) as (keyof typeof GENERATORS)[]).filter(
    (name) => !ZSecrets.shape[name].safeParse(existing[name]).success,
  );
}

const LOCK_WAIT_MS = 5_000;
const STALE_LOCK_MS = 30_000;

/**
 * Holds DATA_DIR/secrets.json.lock while fn runs: the web and worker processes of one install
 * may boot at the same moment, and must not each generate (and keep using) a different key.
 */
function withFileLock<T>(lockFile: string, fn: () => T): T {
  const deadline = Date.now() + LOCK_WAIT_MS;
  let fd: number | undefined;
  while (fd === undefined) {
    try {
      fd = openSync(lockFile, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (existsSync(lockFile) ? statSync(lockFile).mtimeMs : Date.now());
      if (age > STALE_LOCK_MS) rmSync(lockFile, { force: true });
      else if (Date.now() > deadline) throw new Error(`${lockFile} is held by another process; remove it if none runs`);
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25);
    }
  }
  try {
    return fn();
  } finally {
    closeSync(fd);
    rmSync(lockFile, { force: true });
  }
}

export function loadGeneratedSecrets(dataDir: string): GeneratedSecrets {
  const file = join(dataDir, 'secrets.json');
  const current = readExisting(file);
  if (missingFields(current).length === 0) return ZSecrets.parse(current);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  return withFileLock(`${file}.lock`, () => {
    // Read again under the lock: another process may have just added what was missing.
    const existing = readExisting(file);
    const merged: Record<string, unknown> = { ...existing };
    for (const name of missingFields(existing)) merged[name] = GENERATORS[name]();
    const secrets = ZSecrets.parse(merged);
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(merged, null, 2), { mode: 0o600 });
    chmodSync(temporary, 0o600);
    renameSync(temporary, file);
    return secrets;
  });
}
