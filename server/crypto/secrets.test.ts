/** Generated secrets: a field added by a new version is merged in, the existing passwords are kept. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadGeneratedSecrets } from '../secrets';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'atrium-secrets-'));
}

describe('generated secrets', () => {
  it('keeps the database passwords of an existing install and adds the keys it lacks', () => {
    const dir = tempDir();
    const old = { appDbPassword: 'app-password-of-an-install', ownerDbPassword: 'owner-password-of-an-install' };
    writeFileSync(join(dir, 'secrets.json'), JSON.stringify(old));

    const secrets = loadGeneratedSecrets(dir);
    expect(secrets).toMatchObject(old);
    expect(Buffer.from(secrets.encryptionKey, 'base64')).toHaveLength(32);
    expect(secrets.stripeWebhookSecret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);

    const onDisk = JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8')) as Record<string, string>;
    expect(onDisk).toEqual({
      ...old,
      encryptionKey: secrets.encryptionKey,
      stripeWebhookSecret: secrets.stripeWebhookSecret,
    });
    expect(statSync(join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
    // Stable from then on.
    expect(loadGeneratedSecrets(dir)).toEqual(secrets);
  });

  it('generates everything on a fresh install and refuses a corrupt file instead of replacing it', () => {
    const dir = tempDir();
    const fresh = loadGeneratedSecrets(dir);
    expect(fresh.appDbPassword.length).toBeGreaterThanOrEqual(16);
    expect(loadGeneratedSecrets(dir)).toEqual(fresh);

    writeFileSync(join(dir, 'secrets.json'), '{ not json');
    expect(() => loadGeneratedSecrets(dir)).toThrow(/not valid JSON/);
    expect(readFileSync(join(dir, 'secrets.json'), 'utf8')).toBe('{ not json');
  });

  it('gives processes that boot together the same key', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'secrets.json'),
      JSON.stringify({ appDbPassword: 'app-password-of-an-install', ownerDbPassword: 'owner-password-of-an-install' }),
    );
    const module = resolve(import.meta.dirname, '../secrets.ts');
    const script = `import(${JSON.stringify(module)}).then((m) => process.stdout.write(m.loadGeneratedSecrets(${JSON.stringify(dir)}).encryptionKey))`;
    const run = () => promisify(execFile)(process.execPath, ['--import', 'tsx', '-e', script]);
    const keys = (await Promise.all([run(), run(), run()])).map((out) => out.stdout);
    expect(new Set(keys).size).toBe(1);
    expect(JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8'))).toMatchObject({ encryptionKey: keys[0] });
  }, 30_000);
});
