/**
 * Presence across server processes. Two child processes each run the app's WebSocket endpoint
 * (the web half of server/index.ts: an HTTP server with attachWebSocketServer — the Remix build
 * is not needed for tRPC, and the script can shorten presence's TTL before first use), on their
 * own ports, sharing this worker's PostgreSQL database and Redis DB. A member connected to node A
 * sees a member connected to node B come online, change page and leave — and, when node B is
 * killed without a chance to clean up, go offline once their entry expires.
 *
 * Everything is bounded: each child must listen within 20 s, and both are killed in afterAll.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../test/live';
import { addTestMember, createTestOrg, type TestOrg, type TestUser } from '../activity/testFixtures';
import { membershipIdOf } from '../roles/testFixtures';
import { watchPresence, type PresenceWatcher } from './testSupport';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TTL_MS = 1_500;

const NODE_SCRIPT = `
const { configurePresence } = await import('./server/presence/hub.ts');
configurePresence({ ttlMs: ${TTL_MS}, heartbeatMs: 300, debounceMs: 30 });
const { createServer } = await import('node:http');
const { attachWebSocketServer } = await import('./server/http/websocket.ts');
const server = createServer();
attachWebSocketServer(server);
server.listen(0, '127.0.0.1', () => console.log('LISTENING ' + server.address().port));
process.on('SIGTERM', () => process.exit(0));
`;

type Node = { child: ChildProcess; url: string; output: string[] };

async function startNode(): Promise<Node> {
  const output: string[] = [];
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', NODE_SCRIPT], {
    cwd: REPO_ROOT,
    // DATABASE_URL and REDIS_URL are this worker's (test/worker-setup.ts).
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const port = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node did not listen in 20 s:\n${output.join('')}`)), 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output.push(chunk.toString());
      const match = /LISTENING (\d+)/.exec(output.join(''));
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`node exited (${code ?? signal}) before listening:\n${output.join('')}`));
    });
  });
  return { child, url: `ws://127.0.0.1:${port}/trpc`, output };
}

async function stopNode(node: Node | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  const child = node?.child;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

describe('presence across two server processes', () => {
  let nodeA: Node | undefined;
  let nodeB: Node | undefined;
  let org: TestOrg;
  let admin: TestUser;
  let ownerMembership: string;
  let adminMembership: string;
  const watchers: PresenceWatcher[] = [];

  const watch = (node: Node, user: TestUser, page = `/o/${org.slug}`) => {
    const watcher = watchPresence(node.url, user.cookie, { orgSlug: org.slug, tabId: randomUUID(), page });
    watchers.push(watcher);
    return watcher;
  };

  beforeAll(async () => {
    [nodeA, nodeB, org] = await Promise.all([startNode(), startNode(), createTestOrg('presence-nodes')]);
    admin = await addTestMember(org, 'presence-nodes-admin', 'admin');
    [ownerMembership, adminMembership] = await Promise.all([
      membershipIdOf(org.orgId, org.owner.userId),
      membershipIdOf(org.orgId, admin.userId),
    ]);
  }, 45_000);

  afterAll(async () => {
    for (const watcher of watchers) await watcher.close().catch(() => undefined);
    await Promise.all([stopNode(nodeA), stopNode(nodeB)]);
  });

  it('a member on node A sees a member on node B come online, change page and go offline', async () => {
    const owner = watch(nodeA!, org.owner);
    await waitFor(() => owner.isOnline(ownerMembership));

    const adminTab = watch(nodeB!, admin, `/o/${org.slug}/settings`);
    await waitFor(() => owner.pageOf(adminMembership) === `/o/${org.slug}/settings`);
    // And the other way round: node B's subscriber sees the owner connected to node A.
    await waitFor(() => adminTab.isOnline(ownerMembership));

    adminTab.resubscribe({ page: `/o/${org.slug}/roles` });
    await waitFor(() => owner.pageOf(adminMembership) === `/o/${org.slug}/roles`);

    adminTab.stop();
    await waitFor(() => !owner.isOnline(adminMembership));
    expect([...owner.errors, ...adminTab.errors]).toEqual([]);
    owner.stop();
  }, 30_000);

  it('when node B dies without cleaning up, its member goes offline on node A once the entry expires', async () => {
    const owner = watch(nodeA!, org.owner);
    const adminTab = watch(nodeB!, admin);
    await waitFor(() => owner.isOnline(adminMembership));

    const killedAt = Date.now();
    await stopNode(nodeB, 'SIGKILL');
    await waitFor(() => !owner.isOnline(adminMembership));
    // Not by a clean departure: the entry lived until its TTL ran out.
    expect(Date.now() - killedAt).toBeGreaterThanOrEqual(TTL_MS / 2);
    expect(owner.isOnline(ownerMembership)).toBe(true);
    expect(owner.errors).toEqual([]);
    owner.stop();
    await adminTab.close().catch(() => undefined);
  }, 30_000);
});
