/**
 * The contract with @trpc/server that server/realtime/trpcFrames.ts relies on, checked against the
 * real WebSocket adapter of the installed version: the experimental encoder is used for every
 * response, a handoff is sent synchronously after it is encoded (so the send guard attaches the
 * right socket) and never reaches the client, and a pre-built frame is byte-identical to the
 * message tRPC itself sends for `tracked(id, data)`. A failure names the version and what changed.
 */
import { initTRPC, tracked, type TrackedEnvelope } from '@trpc/server';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { applyLiveWSSHandler, claimHandoffMarker, LiveHandoff, serializeTracked, trackedFrame } from './trpcFrames';
import { guardSend } from './wsInternals';

const TRPC_VERSION = (createRequire(import.meta.url)('@trpc/server/package.json') as { version: string }).version;
const broke = (what: string) =>
  `@trpc/server ${TRPC_VERSION} no longer does what server/realtime/trpcFrames.ts relies on: ${what}. ` +
  'See docs/decisions/011-live-fanout.md, "When a contract test fails".';

const event = {
  id: 42,
  type: 'invoice.paid',
  actor: null,
  data: { amount: 12.5, note: 'Ünïcode "quoted" \u2028', when: new Date('2026-11-28T11:00:00.000Z'), list: [1, null] },
  createdAt: '2026-11-28T11:00:00.000Z',
};

type Ctx = { socket: WebSocket };
const t = initTRPC.context<Ctx>().create({ transformer: superjson });
/** The handoff each subscription yielded, with the socket tRPC serves it on, by the client's tag. */
const yielded = new Map<string, { handoff: LiveHandoff; socket: WebSocket }>();
const router = t.router({
  feed: t.procedure
    .input((raw) => raw as { tag: string })
    .subscription(async function* ({ input, ctx }) {
      yield tracked('42', event);
      const handoff = new LiveHandoff();
      yielded.set(input.tag, { handoff, socket: ctx.socket });
      yield handoff as unknown as TrackedEnvelope<typeof event>;
    }),
});

let wss: WebSocketServer;
let url: string;

beforeAll(async () => {
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(wss, 'listening');
  url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
  // As server/http/websocket.ts: the guard is installed before tRPC's handler sees the socket.
  wss.on('connection', (ws) =>
    guardSend(ws, (send, data, options, cb) => claimHandoffMarker(data, ws) || send(data, options, cb)),
  );
  applyLiveWSSHandler({ wss, router, createContext: ({ res }): Ctx => ({ socket: res }) });
});

afterAll(async () => {
  for (const client of wss.clients) client.terminate();
  await new Promise((resolve) => wss.close(resolve));
});

/** Subscribes over a raw socket and returns every text message until tRPC reports the end. */
async function subscribe(id: number | string, tag: string, jsonrpc?: '2.0'): Promise<string[]> {
  const socket = new WebSocket(url);
  const messages: string[] = [];
  const stopped = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "stopped" for ${tag}; got ${messages.join(' | ')}`)), 5_000);
    socket.on('message', (raw: Buffer) => {
      const text = raw.toString('utf8');
      messages.push(text);
      if ((JSON.parse(text) as { result?: { type?: string } }).result?.type === 'stopped') {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  await once(socket, 'open');
  const input = superjson.serialize({ tag });
  socket.send(JSON.stringify({ id, jsonrpc, method: 'subscription', params: { path: 'feed', input } }));
  try {
    await stopped;
  } finally {
    socket.close();
  }
  return messages;
}

describe(`@trpc/server ${TRPC_VERSION} WebSocket adapter (contract of trpcFrames.ts)`, () => {
  const cases: [id: number | string, jsonrpc: '2.0' | undefined][] = [
    [1, undefined],
    [7, '2.0'],
    ['sub-"a"', undefined],
  ];

  it('sends the pre-built frame byte for byte as its own tracked message, and never the handoff', async () => {
    const received = await Promise.all(cases.map(([id, jsonrpc], n) => subscribe(id, `tag-${n}`, jsonrpc)));
    cases.forEach(([id, jsonrpc], n) => {
      const { handoff } = yielded.get(`tag-${n}`)!;
      expect(handoff.framePrefix, broke('experimental_encoder is not called with the yielded value')).not.toBeNull();
      const dataMessages = received[n]!.filter((m) => m.includes('"type":"data"'));
      expect(dataMessages, broke('a yielded handoff reached the client, or a tracked value did not')).toHaveLength(1);
      const ours = trackedFrame(handoff.framePrefix!, '42', serializeTracked('42', event));
      expect(ours, broke(`the data message for subscription ${JSON.stringify(id)} (jsonrpc ${jsonrpc}) differs`)).toBe(
        dataMessages[0],
      );
    });
  });

  it('sends each encoded handoff at once, so the send guard attaches the socket that subscription runs on', async () => {
    yielded.clear();
    await Promise.all([subscribe(1, 'a'), subscribe(1, 'b'), subscribe(2, 'c')]);
    for (const tag of ['a', 'b', 'c']) {
      const { handoff, socket } = yielded.get(tag)!;
      expect(handoff.isAttached, broke('the encoded handoff was not passed to client.send')).toBe(true);
      expect(
        handoff.socket === socket,
        broke('client.send(encode(…)) no longer follows the encode synchronously'),
      ).toBe(true);
    }
  });
});
