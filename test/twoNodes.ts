/**
 * App nodes as real child processes (test/appNode.ts) sharing this test worker's PostgreSQL
 * database and Redis DB, for tests that need more than one server: a WebSocket client on one node,
 * a mutation through another. Each node must listen within 20 s; `stop` sends SIGTERM and kills
 * the process if it has not exited 5 s later.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createTRPCClient, createWSClient, httpLink, wsLink } from '@trpc/client';
import superjson from 'superjson';
import WebSocket from 'ws';
import type { AppRouter } from '../server/trpc/router';

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

export type AppNode = {
  port: number;
  /** The WebSocket endpoint (tRPC subscriptions). */
  wsUrl: string;
  /** A tRPC client over HTTP that sends this session cookie. */
  httpClientFor(cookie: string): ReturnType<typeof createTRPCClient<AppRouter>>;
  /** A tRPC client over this node's WebSocket that presents this session cookie at upgrade. */
  wsClientFor(cookie: string): { client: ReturnType<typeof createTRPCClient<AppRouter>>; close(): Promise<void> };
  /** What the node printed, for failure messages. */
  output: string[];
  stop(signal?: NodeJS.Signals): Promise<void>;
};

export async function startAppNode(options: { relay: boolean }): Promise<AppNode> {
  const output: string[] = [];
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'test/appNode.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      ATRIUM_TEST_NODE_RELAY: options.relay ? '1' : '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node did not listen in 20 s:\n${output.join('')}`)), 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output.push(chunk.toString());
      const match = /LISTENING (\d+)/.exec(output.join(''));
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`node exited (${code ?? signal}) before listening:\n${output.join('')}`));
    });
  });

  return {
    port,
    wsUrl: `ws://127.0.0.1:${port}/trpc`,
    output,
    httpClientFor(cookie) {
      return createTRPCClient<AppRouter>({
        links: [httpLink({ url: `http://127.0.0.1:${port}/trpc`, transformer: superjson, headers: { cookie } })],
      });
    },
    wsClientFor(cookie) {
      // Node's `ws` takes headers as a third argument; the browser sends the cookie by itself.
      class CookieWebSocket extends WebSocket {
        constructor(address: string | URL, protocols?: string | string[]) {
          super(address, protocols, { headers: { cookie } });
        }
      }
      const wsClient = createWSClient({
        url: `ws://127.0.0.1:${port}/trpc`,
        WebSocket: CookieWebSocket as unknown as typeof globalThis.WebSocket,
      });
      const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient, transformer: superjson })] });
      return { client, close: () => wsClient.close() };
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
