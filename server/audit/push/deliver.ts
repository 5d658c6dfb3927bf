/**
 * One signed POST to a push endpoint. node:http(s) with the SSRF-guarded lookup (urlPolicy.ts),
 * never following redirects, 10 s for the whole exchange. A 2xx is delivery; anything else —
 * other status, refused address, DNS or TLS failure, timeout — is a failure with a short reason
 * that is safe to show an admin (no secret, no request body; at most the start of the response).
 */
import http from 'node:http';
import https from 'node:https';
import { checkPushUrl, guardedLookup, type UrlPolicy } from './urlPolicy';
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
};

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EAUDITPUSHBLOCKED') return `Refused: ${error.message}`;
    if (error.name === 'TimeoutError' || code === 'ETIMEDOUT') return 'No response within 10 seconds';
    return code ? `${code}: ${error.message}` : error.message;
  }
  return 'unknown error';
}

export function deliverPush(request: PushRequest): Promise<Delivery> {
  // Checked again at send time: the policy may be stricter than when the URL was saved, and an
  // address literal never reaches the guarded lookup.
  const refusal = checkPushUrl(request.url, request.policy);
  if (refusal) return Promise.resolve({ ok: false, status: null, error: `Refused: ${refusal}` });
  const url = new URL(request.url);
  const transport = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : null;
  if (!transport) return Promise.resolve({ ok: false, status: null, error: 'Unsupported URL scheme' });
  const body = Buffer.from(request.body, 'utf8');
  const timeoutMs = request.timeoutMs ?? PUSH_TIMEOUT_MS;
  return new Promise<Delivery>((resolve) => {
    let isSettled = false;
    const settle = (delivery: Delivery) => {
      if (isSettled) return;
      isSettled = true;
      clearTimeout(timer);
      resolve(delivery);
    };
    const req = transport.request(url, {
      method: 'POST',
      lookup: guardedLookup(request.policy),
      agent: false,
      headers: {
        'Content-Type': PUSH_CONTENT_TYPE,
        'Content-Length': String(body.length),
        'User-Agent': 'Atrium-Audit-Push/1',
        'Atrium-Event-Count': String(request.eventCount),
        [SIGNATURE_HEADER]: signPush(request.secret, body, request.now),
      },
    });
    const timer = setTimeout(() => {
      req.destroy(Object.assign(new Error('timeout'), { name: 'TimeoutError' }));
      settle({ ok: false, status: null, error: `No response within ${Math.round(timeoutMs / 1000)} seconds` });
    }, timeoutMs);
    req.on('error', (error) => settle({ ok: false, status: null, error: describeError(error) }));
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < RESPONSE_SNIPPET) chunks.push(chunk);
        size += chunk.length;
      });
      res.on('error', (error) => settle({ ok: false, status, error: describeError(error) }));
      res.on('end', () => {
        if (status >= 200 && status < 300) return settle({ ok: true, status });
        const snippet = Buffer.concat(chunks).toString('utf8').slice(0, RESPONSE_SNIPPET).replace(/\s+/g, ' ').trim();
        settle({ ok: false, status, error: `HTTP ${status}${snippet ? `: ${snippet}` : ''}` });
      });
    });
    req.end(body);
  });
}
