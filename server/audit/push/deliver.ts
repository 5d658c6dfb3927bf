/**
 * One signed POST to a push endpoint, through the SSRF guard (server/net/outboundGuard.ts): the
 * URL is checked, sockets connect only to checked addresses, and a 307/308 is followed (at most
 * MAX_REDIRECTS hops) only to a target that passes the same checks. 10 s for the whole exchange.
 * A 2xx is delivery; anything else — other status, refused address or redirect, DNS or TLS
 * failure, timeout — is a failure with a short reason that is safe to show an admin (no secret,
 * no request body; at most the start of the response).
 */
import http from 'node:http';
import https from 'node:https';
import { MAX_REDIRECTS, outboundAgent, redirectTarget, type Resolver } from '../../net/outboundGuard';
import { checkPushUrl, type UrlPolicy } from './urlPolicy';
import { SIGNATURE_HEADER, signPush } from './signature';

export const PUSH_TIMEOUT_MS = 10_000;
export const PUSH_CONTENT_TYPE = 'application/x-ndjson; charset=utf-8';
const RESPONSE_SNIPPET = 200;

export type Delivery = { ok: true; status: number } | { ok: false; status: number | null; error: string };

export type PushRequest = {
  url: string;
  secret: string;
  body: string;
  eventCount: number;
  policy: UrlPolicy;
  timeoutMs?: number;
  now?: Date;
  /** DNS for the guard; the system resolver unless a test injects one. */
  resolve?: Resolver;
};

type Answer = { status: number; location: string | undefined; snippet: string };

function describeError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EOUTBOUNDREFUSED') return `Refused: ${error.message}`;
    if (error.name === 'AbortError' || error.name === 'TimeoutError' || code === 'ETIMEDOUT') {
      return `No response within ${Math.round(timeoutMs / 1000)} seconds`;
    }
    return code ? `${code}: ${error.message}` : error.message;
  }
  return 'unknown error';
}

function postOnce(url: URL, request: PushRequest, body: Buffer, signal: AbortSignal): Promise<Answer> {
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise<Answer>((resolve, reject) => {
    const req = transport.request(url, {
      method: 'POST',
      agent: outboundAgent(url, request.policy, request.resolve),
      signal,
      headers: {
        'Content-Type': PUSH_CONTENT_TYPE,
        'Content-Length': String(body.length),
        'User-Agent': 'Atrium-Audit-Push/1',
        'Atrium-Event-Count': String(request.eventCount),
        [SIGNATURE_HEADER]: signPush(request.secret, body, request.now),
      },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < RESPONSE_SNIPPET) chunks.push(chunk);
        size += chunk.length;
      });
      res.on('error', reject);
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          location: res.headers.location,
          snippet: Buffer.concat(chunks).toString('utf8').slice(0, RESPONSE_SNIPPET).replace(/\s+/g, ' ').trim(),
        }),
      );
    });
    req.end(body);
  });
}

export async function deliverPush(request: PushRequest): Promise<Delivery> {
  // Checked again at send time: the policy may be stricter than when the URL was saved, and an
  // address literal never reaches the guarded lookup.
  const refusal = checkPushUrl(request.url, request.policy);
  if (refusal) return { ok: false, status: null, error: `Refused: ${refusal}` };
  const body = Buffer.from(request.body, 'utf8');
  const timeoutMs = request.timeoutMs ?? PUSH_TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);
  let url = new URL(request.url);
  for (let hop = 0; ; hop += 1) {
    let answer: Answer;
    try {
      answer = await postOnce(url, request, body, signal);
    } catch (error) {
      return { ok: false, status: null, error: describeError(error, timeoutMs) };
    }
    const { status, location, snippet } = answer;
    if (status >= 200 && status < 300) return { ok: true, status };
    const redirect = redirectTarget(url, status, location, request.policy);
    if (redirect.kind === 'refuse') return { ok: false, status, error: `Refused: ${redirect.reason}` };
    if (redirect.kind === 'follow' && hop < MAX_REDIRECTS) {
      url = redirect.url;
      continue;
    }
    if (redirect.kind === 'follow') return { ok: false, status, error: `More than ${MAX_REDIRECTS} redirects` };
    return { ok: false, status, error: `HTTP ${status}${snippet ? `: ${snippet}` : ''}` };
  }
}
