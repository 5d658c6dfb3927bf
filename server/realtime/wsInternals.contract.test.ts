/**
 * The contract with `ws` that server/realtime/wsInternals.ts relies on, checked against real sockets
 * of the installed version: the private fields it reads have the shape it expects, ws frames a
 * server text message exactly as liveFrames.ts pre-builds it, a frame written to the stream counts
 * in `bufferedAmount`, and the direct write steps aside whenever ws has its own frame in flight,
 * compresses, or masks. A failure names the version and what changed.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer, type ServerOptions } from 'ws';
import { liveFrame } from './liveFrames';
import { guardSend, socketStream, writeWireFrameWhenIdle, wsInternalsMismatch } from './wsInternals';

const WS_VERSION = (createRequire(import.meta.url)('ws/package.json') as { version: string }).version;
const broke = (what: string) =>
  `ws ${WS_VERSION} no longer does what server/realtime/wsInternals.ts relies on: ${what}. ` +
  'See docs/decisions/011-live-fanout.md, "When a contract test fails".';

type Pair = { server: WebSocket; client: WebSocket; messages: string[] };
const servers: WebSocketServer[] = [];

/** A connected pair of sockets: the server side (what the app writes to) and a client reading it. */
async function connect(options: Pick<ServerOptions, 'perMessageDeflate'> = {}): Promise<Pair> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, ...options });
  servers.push(wss);
  await once(wss, 'listening');
  const accepted = once(wss, 'connection') as Promise<[WebSocket]>;
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
  const messages: string[] = [];
  client.on('message', (raw: Buffer) => messages.push(raw.toString('utf8')));
  const [[server]] = await Promise.all([accepted, once(client, 'open')]);
  return { server, client, messages };
}

async function receive(pair: Pair, count: number): Promise<string[]> {
  const deadline = Date.now() + 5_000;
  while (pair.messages.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  return pair.messages;
}

let pair: Pair;
beforeAll(async () => {
  pair = await connect();
});

afterAll(async () => {
  for (const wss of servers) {
    for (const socket of wss.clients) socket.terminate();
    await new Promise((resolve) => wss.close(resolve));
  }
});

describe(`ws ${WS_VERSION} internals (contract of wsInternals.ts)`, () => {
  it('has the private fields the direct write reads, in the shape it reads them', () => {
    expect(wsInternalsMismatch(pair.server), broke('private fields changed')).toBeNull();
  });

  it('frames a server text message exactly as the pre-built wire frame, at every length encoding', async () => {
    const stream = socketStream(pair.server)!;
    const lengths = [0, 1, 125, 126, 127, 65535, 65536, 70000];
    for (const length of lengths) {
      const payload = Buffer.alloc(length, 'a');
      const written: Buffer[] = [];
      const write = stream.write.bind(stream);
      stream.write = ((chunk: Buffer, ...rest: never[]) => {
        written.push(Buffer.from(chunk));
        return write(chunk, ...rest);
      }) as typeof stream.write;
      try {
        pair.server.send(payload, { binary: false });
      } finally {
        stream.write = write;
      }
      const message = `a text message of ${length} bytes is not framed as liveFrame() frames it`;
      expect(Buffer.concat(written).equals(liveFrame(payload).wire), broke(message)).toBe(true);
    }
    expect((await receive(pair, lengths.length)).map((m) => m.length)).toEqual(lengths);
    pair.messages.length = 0;
  });

  it('delivers a frame written directly as a message, and counts it in bufferedAmount until it leaves', async () => {
    const stream = socketStream(pair.server)!;
    const { wire } = liveFrame(Buffer.from('{"direct":true}'));
    const before = pair.server.bufferedAmount;
    stream.cork();
    expect(writeWireFrameWhenIdle(pair.server, wire), broke('an idle Sender is not recognised')).toBe(true);
    expect(pair.server.bufferedAmount - before, broke('bufferedAmount ignores the stream')).toBe(wire.length);
    stream.uncork();
    expect(await receive(pair, 1)).toEqual(['{"direct":true}']);
    pair.messages.length = 0;
  });

  it("steps aside while ws's Sender has a frame in flight, so messages keep their order", async () => {
    pair.server.send(new Blob(['first']));
    const wrote = writeWireFrameWhenIdle(pair.server, liveFrame(Buffer.from('second')).wire);
    expect(wrote, broke('the Sender reading a Blob is not seen as busy')).toBe(false);
    pair.server.send('second');
    expect(await receive(pair, 2)).toEqual(['first', 'second']);
  });

  it('steps aside on a socket with permessage-deflate and on a client socket (masked frames)', async () => {
    const deflating = await connect({ perMessageDeflate: true });
    expect(wsInternalsMismatch(deflating.server), broke('private fields changed')).toBeNull();
    const { wire } = liveFrame(Buffer.from('x'));
    expect(writeWireFrameWhenIdle(deflating.server, wire), broke('permessage-deflate is not seen')).toBe(false);
    expect(writeWireFrameWhenIdle(pair.client, wire), broke('a client socket is not told from a server one')).toBe(
      false,
    );
  });

  it('sends every later send() through the guard, which can still send through ws', async () => {
    const guarded = await connect();
    const seen: unknown[] = [];
    guardSend(guarded.server, (send, data, options, cb) => {
      seen.push(data);
      send(data, options, cb);
    });
    guarded.server.send('through the guard');
    expect(seen, broke('an own send property is not what send() calls')).toEqual(['through the guard']);
    expect(await receive(guarded, 1)).toEqual(['through the guard']);
  });
});
