/**
 * `webhooks:add` as an operator runs it: a child process against this worker's database, judged
 * by exit code, output and what ends up in the database — the endpoint, its sealed secret (the
 * one printed), and the audit event with the CLI as the actor.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { adminQuery } from '../../test/db';
import { createTestOrg } from '../activity/testFixtures';
import { openEndpointSecret } from '../webhooks/secret';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

type Run = { code: number; stdout: string; stderr: string };

function cli(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      'npx',
      ['tsx', 'server/cli.ts', ...args],
      // DATABASE_URL and REDIS_URL point at this worker's database (test/worker-setup.ts); private URLs stay refused.
      {
        cwd: ROOT,
        env: { ...process.env, LOG_LEVEL: 'silent', OUTBOUND_ALLOW_PRIVATE_URLS: 'false' },
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('webhooks:add', { timeout: 90_000 }, () => {
  it('adds an endpoint and prints its id and signing secret once; bad URLs, events and orgs are refused', async () => {
    const org = await createTestOrg('cli-hooks');
    const add = (...extra: string[]) => cli('webhooks:add', '--org', org.slug, ...extra);
    const [some, every, insecure, internal, badEvent, noOrg] = await Promise.all([
      add('--url', 'https://hooks.example.test/crm', '--events', 'member.joined, team.created', '--description', 'CRM'),
      add('--url', 'https://hooks.example.test/all', '--events', '*'),
      add('--url', 'http://hooks.example.test/plain', '--events', '*'),
      add('--url', 'https://169.254.169.254/latest', '--events', '*'),
      add('--url', 'https://hooks.example.test/typo', '--events', 'member.joind'),
      cli('webhooks:add', '--org', 'no-such-org-here', '--url', 'https://hooks.example.test/x', '--events', '*'),
    ]);

    expect(some.code).toBe(0);
    const id = some.stdout.match(/endpoint ([0-9a-f-]{36})/)?.[1];
    const secret = some.stdout.match(/^whsec_\S+$/m)?.[0];
    expect(id).toBeDefined();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const [row] = await adminQuery<{ url: string; description: string; event_types: string[]; sealed_secret: string }>(
      'select url, description, event_types, sealed_secret from webhook_endpoints where org_id = $1 and id = $2',
      [org.orgId, id],
    );
    expect(row).toMatchObject({
      url: 'https://hooks.example.test/crm',
      description: 'CRM',
      event_types: ['member.joined', 'team.created'],
    });
    expect(openEndpointSecret(org.orgId, id!, row!.sealed_secret)).toBe(secret);

    expect(every.code).toBe(0);
    expect(every.stdout).toContain('(*)');

    expect(insecure.code).toBe(1);
    expect(insecure.stderr).toContain('https://');
    expect(internal.code).toBe(1);
    expect(internal.stderr).toContain('public address');
    expect(badEvent.code).toBe(2);
    expect(badEvent.stderr).toContain('--events');
    expect(noOrg.code).toBe(1);

    const endpoints = await adminQuery<{ n: number }>(
      'select count(*)::int as n from webhook_endpoints where org_id = $1',
      [org.orgId],
    );
    expect(endpoints[0]?.n).toBe(2);
    const events = await adminQuery<{ actor_type: string; actor_id: string; outcome: string; row: string }>(
      `select actor_type, actor_id, outcome, e::text as row from audit_events e
        where org_id = $1 and action = 'webhook.create' order by seq`,
      [org.orgId],
    );
    expect(events.map(({ row: _row, ...event }) => event)).toEqual(
      expect.arrayContaining([
        { actor_type: 'system', actor_id: 'cli:webhooks:add', outcome: 'success' },
        { actor_type: 'system', actor_id: 'cli:webhooks:add', outcome: 'failure' },
      ]),
    );
    for (const event of events) expect(event.row).not.toContain(secret!.slice('whsec_'.length));
  });
});
