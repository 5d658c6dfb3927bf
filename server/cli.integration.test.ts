/**
 * The operator CLI as an operator runs it: a child process (`npx tsx server/cli.ts …`) against
 * this worker's database, judged by exit code, output and what ends up in the database.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { adminQuery } from '../test/db';
import { createTestOrg } from './activity/testFixtures';
import { authenticateApiKey } from './apiKeys/authenticate';
import { ALL_PERMISSIONS } from './shared/permissions';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

type Run = { code: number; stdout: string; stderr: string };

function cli(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      'npx',
      ['tsx', 'server/cli.ts', ...args],
      // DATABASE_URL and REDIS_URL point at this worker's database (test/worker-setup.ts).
      { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'silent' }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const unique = () => randomUUID().slice(0, 8);

describe('server/cli.ts', { timeout: 90_000 }, () => {
  it('help lists every command and exits 0; no command or an unknown one exits 2', async () => {
    const [help, unknown, none] = await Promise.all([cli('help'), cli('frobnicate'), cli()]);
    expect(help.code).toBe(0);
    for (const name of ['db:migrate', 'org:create', 'user:create', 'demo:seed']) expect(help.stdout).toContain(name);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "frobnicate"');
    expect(none.code).toBe(2);
  });

  it('user:create creates a user without an org; bad options exit 2, a taken email exits 1', async () => {
    const email = `cli-${unique()}@example.test`;
    const created = await cli('user:create', '--email', email.toUpperCase(), '--password', 'long-enough-password');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain(email);
    const users = await adminQuery<{ name: string; has_hash: boolean; orgs: number }>(
      `select name, password_hash like '$argon2id$%' as has_hash,
              (select count(*)::int from memberships m where m.user_id = users.id) as orgs
         from users where email = $1`,
      [email],
    );
    expect(users).toEqual([{ name: expect.stringMatching(/^Cli /), has_hash: true, orgs: 0 }]);

    const [short, unknownOption, duplicate] = await Promise.all([
      cli('user:create', '--email', `x-${unique()}@example.test`, '--password', 'short'),
      cli('user:create', '--email', email, '--pasword', 'long-enough-password'),
      cli('user:create', '--email', email, '--password', 'long-enough-password'),
    ]);
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('--password: Use at least 10 characters');
    expect(unknownOption.code).toBe(2);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('already exists');
  });

  it('org:create makes an org owned by an existing user; an unknown owner exits 1', async () => {
    const email = `owner-${unique()}@example.test`;
    expect(
      (await cli('user:create', '--email', email, '--password', 'long-enough-password', '--name', 'Oscar')).code,
    ).toBe(0);
    const name = `CLI Org ${unique()}`;
    const [created, orphan, missingName] = await Promise.all([
      cli('org:create', '--name', name, '--owner-email', email),
      cli('org:create', '--name', 'Nobody’s Org', '--owner-email', `nobody-${unique()}@example.test`),
      cli('org:create', '--owner-email', email),
    ]);
    expect(created.code).toBe(0);
    const rows = await adminQuery<{ slug: string; role: string }>(
      `select o.slug, r.system_key as role
         from organizations o
         join memberships m on m.org_id = o.id
         join users u on u.id = m.user_id
         join member_roles mr on mr.org_id = m.org_id and mr.membership_id = m.id
         join roles r on r.org_id = mr.org_id and r.id = mr.role_id
        where o.name = $1 and u.email = $2`,
      [name, email],
    );
    expect(rows).toEqual([{ slug: expect.stringMatching(/^cli-org-/), role: 'owner' }]);
    expect(created.stdout).toContain(`/o/${rows[0]!.slug}`);

    expect(orphan.code).toBe(1);
    expect(orphan.stderr).toContain('No user has the email');
    expect(missingName.code).toBe(2);
  });

  it('apikey:create prints a key, once, that authenticates as the org with the scopes asked for', async () => {
    const org = await createTestOrg('cli-keys');
    const [some, all, badScope, noOrg] = await Promise.all([
      cli('apikey:create', '--org', org.slug, '--name', 'Deploy script', '--scopes', 'users:read,audit:read'),
      cli('apikey:create', '--org', org.slug, '--name', 'Everything', '--scopes', 'all'),
      cli('apikey:create', '--org', org.slug, '--name', 'Typo', '--scopes', 'users:reed'),
      cli('apikey:create', '--org', `no-such-${unique()}`, '--name', 'Nowhere', '--scopes', 'all'),
    ]);
    expect(some.code).toBe(0);
    const token = some.stdout.match(/^atr_\S+$/m)?.[0];
    expect(token).toBeDefined();
    const auth = await authenticateApiKey({ token: token!, ip: null });
    expect(auth.principal).toMatchObject({ type: 'apiKey', orgId: org.orgId, name: 'Deploy script' });
    expect(auth.permissions).toEqual(['audit:read', 'users:read']);

    expect(all.code).toBe(0);
    const everything = await authenticateApiKey({ token: all.stdout.match(/^atr_\S+$/m)![0], ip: null });
    expect(everything.permissions).toEqual([...ALL_PERMISSIONS].sort());

    const [stored] = await adminQuery<{ n: number }>(
      'select count(*)::int as n from api_keys k where k::text like $1',
      [`%${token!.split('_').slice(2).join('_')}%`],
    );
    expect(stored?.n).toBe(0);
    const events = await adminQuery<{ actor_type: string; actor_id: string }>(
      `select actor_type, actor_id from audit_events where org_id = $1 and action = 'apiKey.create' and outcome = 'success'`,
      [org.orgId],
    );
    expect(events).toEqual([
      { actor_type: 'system', actor_id: 'cli:apikey:create' },
      { actor_type: 'system', actor_id: 'cli:apikey:create' },
    ]);
    expect(badScope.code).toBe(2);
    expect(noOrg.code).toBe(1);
  });

  it('db:migrate is safe to run again, and demo:seed prints the logins every time', async () => {
    const migrate = await cli('db:migrate');
    expect(migrate.code).toBe(0);
    expect(migrate.stdout).toContain('is migrated');

    for (let run = 0; run < 2; run++) {
      const seed = await cli('demo:seed');
      expect(seed.code).toBe(0);
      expect(seed.stdout).toContain('owner@acme.test');
      expect(seed.stdout).toContain('atrium-demo-password');
    }
    const [org] = await adminQuery<{ n: number }>(`select count(*)::int as n from organizations where slug = 'acme'`);
    expect(org?.n).toBe(1);
  });
});
