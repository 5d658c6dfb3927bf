/**
 * One webhook POST, through the SSRF guard (server/net/outboundGuard.ts): the URL is checked again
 * at send time and every address DNS returns is checked at connect time, so a name re-pointed at a
 * private address since the endpoint was saved is refused. Redirects are not followed (a 3xx is a
 * failure: a receiver that moved must be updated, not chased). 15 s for the whole exchange. At most
 * 1 KB of the answer is kept for the delivery log; past SEND_READ_LIMIT the response is cut off.
 * The result never holds a secret: errors are in words, safe to show an admin.
 */
import http from 'node:http';
import https from 'node:https';
import { WEBHOOK_RESPONSE_EXCERPT_MAX } from '../../db/schema';
import { checkOutboundUrl, outboundAgent, type OutboundPolicy, type Resolver } from '../net/outboundGuard';

export const SEND_TIMEOUT_MS = 15_000;
/** Read (and discard past the excerpt) at most this much of an answer before closing the connection. */
const SEND_READ_LIMIT = 64 * 1024;
const MAX_ERROR = 500;

export type SendRequest = {
  url: string;
  body: string;
  headers: Record<string, string>;
  policy: OutboundPolicy;
  timeoutMs?: number;
  /** DNS for the guard; the system resolver unless a test injects one. */
  resolve?: Resolver;
};

export type SendResult = {
  /** The HTTP status, or null when no answer came. */
  status: number | null;
  isSuccess: boolean;
  excerpt: string;
  /** Why it failed, in words; null on a 2xx. */
  error: string | null;
  durationMs: number;
};

function bounded(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function describeError(error: unknown, timeoutMs: number): string {
  if (!(error instanceof Error)) return 'unknown error';
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EOUTBOUNDREFUSED') return `Refused: ${error.message}`;
  if (error.name === 'AbortError' || error.name === 'TimeoutError' || code === 'ETIMEDOUT') {
    return `No response within ${timeoutMs < 1_000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} seconds`}`;
  }
  if (code === 'ECONNREFUSED') return 'Connection refused';
  if (code === 'ENOTFOUND') return 'The host name does not resolve';
  if (code === 'ECONNRESET') return 'The connection was closed before an answer';
  return code ? `${code}: ${error.message}` : error.message;
}

type Answer = { status: number; excerpt: string };

function post(url: URL, request: SendRequest, signal: AbortSignal): Promise<Answer> {
  const transport = url.protocol === 'https:' ? https : http;
  const body = Buffer.from(request.body, 'utf8');
  return new Promise<Answer>((resolve, reject) => {
    const req = transport.request(url, {
      method: 'POST',
      agent: outboundAgent(url, request.policy, request.resolve),
      signal,
      headers: { ...request.headers, 'content-length': String(body.length) },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      let read = 0;
      const finish = () => {
        // PostgreSQL text cannot hold NUL.
        const text = Buffer.concat(chunks).toString('utf8').replaceAll('\0', '');
        resolve({ status: res.statusCode ?? 0, excerpt: text.slice(0, WEBHOOK_RESPONSE_EXCERPT_MAX) });
      };
      res.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (kept < WEBHOOK_RESPONSE_EXCERPT_MAX) {
          const part = chunk.subarray(0, WEBHOOK_RESPONSE_EXCERPT_MAX - kept);
          chunks.push(part);
          kept += part.length;
        }
        if (read >= SEND_READ_LIMIT) {
          // Enough: the status is known and the excerpt kept; do not stream a large answer.
          res.removeAllListeners('data');
          req.destroy();
          finish();
        }
      });
      res.on('error', reject);
      res.on('end', finish);
    });
    req.end(body);
  });
}

export async function sendWebhook(request: SendRequest): Promise<SendResult> {
  const started = Date.now();
  const timeoutMs = request.timeoutMs ?? SEND_TIMEOUT_MS;
  const done = (status: number | null, excerpt: string, error: string | null): SendResult => ({
    status,
    isSuccess: error === null,
    excerpt,
    error: error === null ? null : bounded(error, MAX_ERROR),
    durationMs: Date.now() - started,
  });
  const refusal = checkOutboundUrl(request.url, request.policy);
  if (refusal) return done(null, '', `Refused: ${refusal}`);
  let answer: Answer;
  try {
    answer = await post(new URL(request.url), request, AbortSignal.timeout(timeoutMs));
  } catch (error) {
    return done(null, '', describeError(error, timeoutMs));
  }
  const { status, excerpt } = answer;
  if (status >= 200 && status < 300) return done(status, excerpt, null);
  if (status >= 300 && status < 400) return done(status, excerpt, `HTTP ${status}: redirects are not followed`);
  return done(status, excerpt, `HTTP ${status}`);
}
