/**
 * The fan-out benchmark's client side: a minimal RFC 6455 client (handshake, unfragmented text
 * frames in, masked text frames out) that hands each received payload to a callback as a slice
 * of the socket's chunk. Thousands of these share the benchmark's process and the machine's two
 * cores with the servers being measured, so the receiving side is kept as cheap as it can be —
 * the same for the app and the baseline — rather than running a full client's stream pipeline
 * per socket. Only for servers whose frames it knows: anything else ends the connection.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { Socket } from 'node:net';

export type RawWebSocket = {
  send(text: string): void;
  /** Replaces the payload callback (e.g. once a subscription has started). */
  onText(listener: (payload: Buffer) => void): void;
  close(): Promise<void>;
};

const OPCODE_TEXT = 0x1;
const OPCODE_CLOSE = 0x8;

function maskedTextFrame(text: string): Buffer {
  const payload = Buffer.from(text, 'utf8');
  const length = payload.length;
  const headerLength = length < 126 ? 2 : 4;
  if (length >= 65536) throw new Error('benchmark client frames stay under 64 KiB');
  const frame = Buffer.allocUnsafe(headerLength + 4 + length);
  frame[0] = 0x80 | OPCODE_TEXT;
  if (length < 126) {
    frame[1] = 0x80 | length;
  } else {
    frame[1] = 0x80 | 126;
    frame.writeUInt16BE(length, 2);
  }
  const mask = randomBytes(4);
  mask.copy(frame, headerLength);
  const start = headerLength + 4;
  for (let i = 0; i < length; i++) frame[start + i] = payload[i]! ^ mask[i & 3]!;
  return frame;
}

/** Frames from a byte stream; a frame split across chunks waits in `rest`. */
class FrameReader {
  private rest: Buffer | null = null;

  constructor(
    private readonly onFrame: (opcode: number, payload: Buffer) => void,
    private readonly onError: (error: Error) => void,
  ) {}

  push(chunk: Buffer): void {
    let data = chunk;
    if (this.rest) {
      data = Buffer.concat([this.rest, chunk]);
      this.rest = null;
    }
    let offset = 0;
    while (data.length - offset >= 2) {
      const first = data[offset]!;
      const second = data[offset + 1]!;
      if ((first & 0x80) === 0 || (second & 0x80) !== 0) {
        return this.onError(new Error('fragmented or masked frames are not expected from these servers'));
      }
      let length = second & 0x7f;
      let header = 2;
      if (length === 126) {
        if (data.length - offset < 4) break;
        length = data.readUInt16BE(offset + 2);
        header = 4;
      } else if (length === 127) {
        if (data.length - offset < 10) break;
        length = Number(data.readBigUInt64BE(offset + 2));
        header = 10;
      }
      if (data.length - offset < header + length) break;
      this.onFrame(first & 0x0f, data.subarray(offset + header, offset + header + length));
      offset += header + length;
    }
    if (offset < data.length) this.rest = Buffer.from(data.subarray(offset));
  }
}

export function connectRawWebSocket(url: string, headers: Record<string, string> = {}): Promise<RawWebSocket> {
  const target = new URL(url);
  if (target.hostname !== '127.0.0.1') throw new Error('the benchmark connects to loopback only');
  return new Promise((resolve, reject) => {
    const request = http.request({
      host: target.hostname,
      port: target.port,
      path: target.pathname,
      headers: {
        ...headers,
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
      },
    });
    request.once('error', reject);
    request.once('response', (response) => reject(new Error(`upgrade refused: ${response.statusCode}`)));
    request.once('upgrade', (_response, socket: Socket, head: Buffer) => {
      socket.setNoDelay(true);
      let listener: (payload: Buffer) => void = () => undefined;
      const closed = new Promise<void>((done) => socket.once('close', () => done()));
      const reader = new FrameReader(
        (opcode, payload) => {
          if (opcode === OPCODE_TEXT) listener(payload);
          else if (opcode === OPCODE_CLOSE) socket.destroy();
        },
        () => socket.destroy(),
      );
      socket.on('data', (chunk: Buffer) => reader.push(chunk));
      socket.on('error', () => undefined);
      if (head.length > 0) reader.push(head);
      resolve({
        send: (text) => void socket.write(maskedTextFrame(text)),
        onText: (next) => {
          listener = next;
        },
        close: () => {
          socket.destroy();
          return closed;
        },
      });
    });
    request.end();
  });
}
