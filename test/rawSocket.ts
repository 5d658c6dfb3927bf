/**
 * A raw WebSocket to the app's tRPC endpoint, presenting a session cookie at upgrade, that sends
 * one tRPC message at a time and reports exactly what came back: the answer, the error code, or
 * that the socket closed first — and how it closed, or that the upgrade was refused.
 */
import superjson from 'superjson';
import WebSocket from 'ws';

export type Reply = { data: unknown } | { error: string } | { closed: true };
export type Method = 'query' | 'mutation' | 'subscription';

export type Connection = {
  socket: WebSocket;
  closed: { code: number | null };
  refused: { status: number | null };
  /** One tRPC message on this socket: its answer, or `closed` when the socket closed first. */
  call(path: string, input?: unknown, method?: Method): Promise<Reply>;
};

export function openSocket(url: string, cookie: string): Promise<Connection> {
  const socket = new WebSocket(url, { headers: { cookie } });
  const closed = { code: null as number | null };
  const refused = { status: null as number | null };
  socket.on('close', (code) => (closed.code = code));
  let lastId = 0;
  const call = (path: string, input?: unknown, method: Method = 'query') =>
    new Promise<Reply>((resolve) => {
      if (socket.readyState !== WebSocket.OPEN) return resolve({ closed: true });
      const id = ++lastId;
      const done = (reply: Reply) => {
        socket.off('message', onMessage);
        socket.off('close', onClose);
        resolve(reply);
      };
      const onMessage = (raw: WebSocket.RawData) => {
        const text = raw.toString();
        if (text === 'PING') return;
        const message = JSON.parse(text) as {
          id?: number;
          error?: { json?: { data?: { code?: string } } };
          result?: unknown;
        };
        if (message.id !== id) return;
        done(message.error ? { error: message.error.json?.data?.code ?? 'unknown' } : { data: message.result });
      };
      const onClose = () => done({ closed: true });
      socket.on('message', onMessage);
      socket.on('close', onClose);
      socket.send(JSON.stringify({ id, method, params: { path, input: superjson.serialize(input) } }));
    });
  return new Promise((resolve) => {
    socket.once('open', () => resolve({ socket, closed, refused, call }));
    socket.once('unexpected-response', (_req, res) => {
      refused.status = res.statusCode ?? 0;
      resolve({ socket, closed, refused, call });
    });
  });
}
