/**
 * Secrets that the operator did not configure are generated once and kept in DATA_DIR
 * (git-ignored), so a fresh clone starts without hard-coded credentials.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const ZSecrets = z.object({
  appDbPassword: z.string().min(16),
  ownerDbPassword: z.string().min(16),
});
export type GeneratedSecrets = z.infer<typeof ZSecrets>;

export function loadGeneratedSecrets(dataDir: string): GeneratedSecrets {
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) {
    const parsed = ZSecrets.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (parsed.success) return parsed.data;
  }
  const fresh: GeneratedSecrets = {
    appDbPassword: randomBytes(24).toString('base64url'),
    ownerDbPassword: randomBytes(24).toString('base64url'),
  };
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  writeFileSync(file, JSON.stringify(fresh, null, 2), { mode: 0o600 });
  return fresh;
}
