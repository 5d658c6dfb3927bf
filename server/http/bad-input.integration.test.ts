/**
 * The HTTP edge under bad input, through real sockets: an express app mounted exactly like the
 * API surface of server/index.ts (health, nonce + security headers, body limit, tRPC at /trpc)
 * on an ephemeral port, talking to this worker's PostgreSQL database and Redis DB. Users, orgs
 * and sessions come from the real services; only "deactivated" and "expired" are forced with the
 * superuser, because no product path produces them yet.
 *
 * server/index.ts is not imported: it starts the whole process and needs the Remix build.
 */
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import express from 'express';
import { randomUUID } from 'node:crypto';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { users } from '../../db/schema';
import { adminQuery } from '../../test/db';
import { createSession, SESSION_COOKIE } from '../auth/session';
import { env } from '../env';
import { createOrganization } from '../orgs/createOrganization';
import { addMember } from '../orgs/members';
import { closeRedis } from '../redis';
import { router } from '../trpc/init';
import { publicProcedure } from '../trpc/procedures';
import { withActor, withTenant } from '../tenancy/withTenant';
import { createContext } from '../trpc/context';
import { healthHandler } from './health';
import { assignNonce, BODY_LIMIT_BYTES, limitBody, securityHeaders } from './security';
import { createTrpcHttpMiddleware } from './trpcHttp';
import { handleUnexpectedError } from './errorHandler';
import { attachWebSocketServer } from './websocket';

const APP_ORIGIN = new URL(env.APP_URL).origin;

/** The API half of server/index.ts's startWeb(), without Remix and static files. */
function createApiApp(): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.get('/healthz', (req, res, next) => {
    healthHandler(req, res).catch(next);
  });
  app.use(assignNonce, securityHeaders, limitBody);
  app.use('/trpc', createTrpcHttpMiddleware());
  return app;
}

/** tRPC's error body with the superjson transformer: { error: { json: shape } }. */
type TrpcErrorShape = {
  message: string;
  code: number;
  data: {
    code: string;
    httpStatus: number;
    path?: string;
    appCode: string | null;
    stack?: string;
    requestId?: string | null;
    zodError?: { fieldErrors: Record<string, string[]> } | null;
  };
};

type Reply = { status: number; headers: Headers; body: unknown; text: string };

async function reply(response: Response): Promise<Reply> {
  const text = await response.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: callers that expect JSON assert on `body` and fail with the text in view.
  }
  return { status: response.status, headers: response.headers, body, text };
}

function trpcError(r: Reply): TrpcErrorShape {
  const shape = (r.body as { error?: { json?: TrpcErrorShape } } | null)?.error?.json;
  if (!shape) throw new Error(`Expected a tRPC error body, got ${r.status}: ${r.text.slice(0, 500)}`);
  return shape;
}

/** What leaks look like: SQL and its parameters, database error wording, a stack trace. */
function expectNoInternalText(text: string): void {
  expect(text).not.toMatch(/\b(select|insert|update|delete)\b[\s\S]*\b(from|into|set|where)\b/i);
  expect(text).not.toMatch(/syntax for type|violates|relation \\"|invalid byte sequence|Failed query|params:/i);
  expect(text).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
}

/** Reads a text/event-stream response (tRPC's httpSubscriptionLink) for a moment; returns what arrived. */
async function readEventStream(url: string, headers: Record<string, string>): Promise<string> {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + 3_000;
  try {
    while (Date.now() < deadline && !text.includes('serialized-error')) {
      const chunk = await Promise.race([
        reader.read(),
        new Promise<null>((resolve) => setTimeout(() => resolve(null), deadline - Date.now())),
      ]);
      if (!chunk || chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
    }
  } finally {
    abort.abort();
  }
  return text;
}

/** Opens a raw WebSocket, starts one subscription as wsLink would, returns the error it ends with. */
async function wsAnswer(url: string, cookie: string, path: string, input: unknown): Promise<string> {
  const ws = new WebSocket(url, { headers: { origin: APP_ORIGIN, ...(cookie ? { cookie } : {}) } });
  try {
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const answer = new Promise<string>((resolve) => {
      ws.on('message', (data: Buffer) => {
        const text = data.toString('utf8');
        const message = text.startsWith('{') ? (JSON.parse(text) as { id?: unknown; error?: unknown }) : null;
        if (message?.id === 1 && message.error !== undefined) resolve(text);
      });
    });
    ws.send(JSON.stringify({ id: 1, method: 'subscription', params: { path, input: { json: input } } }));
    return await answer;
  } finally {
    ws.terminate();
  }
}

describe('HTTP edge: bad input, foreign tenants, broken sessions', () => {
  let server: Server;
  let webSockets: ReturnType<typeof attachWebSocketServer>;
  let baseUrl: string;

  /** GET /trpc/<path>?input=<superjson> */
  async function query(path: string, input: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const search = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
    return reply(await fetch(`${baseUrl}/trpc/${path}${search}`, { headers }));
  }

  /** POST /trpc/<path> with a superjson body, from our own origin unless the caller says otherwise. */
  async function mutate(path: string, input: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    return reply(
      await fetch(`${baseUrl}/trpc/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: APP_ORIGIN, ...headers },
        body: JSON.stringify({ json: input }),
      }),
    );
  }

  async function newUser(label: string): Promise<{ id: string; email: string; cookie: string }> {
    const id = randomUUID();
    const email = `${label}.${id.slice(0, 8)}@bad-input.test`;
    await withActor(id, (tx) => tx.insert(users).values({ id, email, name: label }));
    const { token } = await createSession(id, { ip: '127.0.0.1', userAgent: 'vitest' });
    return { id, email, cookie: `${SESSION_COOKIE}=${token}` };
  }

  let ownerA: Awaited<ReturnType<typeof newUser>>;
  let ownerB: Awaited<ReturnType<typeof newUser>>;
  let orgA: { id: string; slug: string; name: string };

  beforeAll(async () => {
    server = createServer(createApiApp());
    webSockets = attachWebSocketServer(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    [ownerA, ownerB] = await Promise.all([newUser('owner-a'), newUser('owner-b')]);
    orgA = await createOrganization({ name: 'Tenant Alpha Industries', ownerUserId: ownerA.id });
    await createOrganization({ name: 'Tenant Beta Ltd', ownerUserId: ownerB.id });
  });

  afterAll(async () => {
    await webSockets.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await closeRedis();
  });

  describe('malformed requests', () => {
    it('a malformed JSON body to a mutation is a 400 with a JSON error message, and the server keeps serving', async () => {
      const r = await reply(
        await fetch(`${baseUrl}/trpc/orgs.updateProfile`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: APP_ORIGIN, cookie: ownerA.cookie },
          body: '{"json": {"orgSlug": "acme", ',
        }),
      );
      expect(r.status).toBe(400);
      expect(r.headers.get('content-type')).toMatch(/^application\/json/);
      const error = trpcError(r);
      expect(error.data.code).toBe('BAD_REQUEST');
      expect(error.message).toMatch(/JSON/);
      expect(error.data).not.toHaveProperty('stack');

      const after = await query('orgs.current', { orgSlug: orgA.slug }, { cookie: ownerA.cookie });
      expect(after.status).toBe(200);
    });

    it('a declared body over 1 MB is refused with 413 before anything reads it', async () => {
      const r = await mutate('auth.login', { email: 'big@bad-input.test', password: 'x'.repeat(BODY_LIMIT_BYTES) });
      expect(r.status).toBe(413);
      expect(r.body).toEqual({ error: { code: 'PAYLOAD_TOO_LARGE', message: 'Request body exceeds 1 MB' } });
    });

    it('a chunked body (no Content-Length) that grows past 1 MB is refused with 413 by tRPC', async () => {
      const { port } = server.address() as AddressInfo;
      const status = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/trpc/auth.login',
            headers: { 'content-type': 'application/json', origin: APP_ORIGIN, 'transfer-encoding': 'chunked' },
          },
          (res) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (body += chunk));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          },
        );
        // The server may answer and close before the whole body is written.
        req.on('error', (error: NodeJS.ErrnoException) => {
          if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
        });
        req.write('{"json":{"email":"big@bad-input.test","password":"');
        const chunk = 'x'.repeat(64 * 1024);
        for (let written = 0; written <= BODY_LIMIT_BYTES; written += chunk.length) req.write(chunk);
        req.end('"}}');
      });
      expect(status.status).toBe(413);
      const error = (JSON.parse(status.body) as { error: { json: TrpcErrorShape } }).error.json;
      expect(error.data.code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('text/plain to a mutation is a 4xx with a message', async () => {
      const r = await reply(
        await fetch(`${baseUrl}/trpc/auth.login`, {
          method: 'POST',
          headers: { 'content-type': 'text/plain', origin: APP_ORIGIN },
          body: JSON.stringify({ json: { email: 'plain@bad-input.test', password: 'whatever-password' } }),
        }),
      );
      expect(r.status).toBe(415);
      const error = trpcError(r);
      expect(error.data.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(error.message).toMatch(/content-type/i);
    });

    it('multipart/form-data to a JSON mutation is a 4xx with a message', async () => {
      const form = new FormData();
      form.set('email', 'multipart@bad-input.test');
      form.set('password', 'whatever-password');
      const r = await reply(
        await fetch(`${baseUrl}/trpc/auth.login`, { method: 'POST', headers: { origin: APP_ORIGIN }, body: form }),
      );
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(trpcError(r).message.length).toBeGreaterThan(0);
    });

    it('an unknown procedure is a 404, as a query and as a mutation', async () => {
      const asQuery = await query('orgs.doesNotExist', { orgSlug: orgA.slug });
      expect(asQuery.status).toBe(404);
      expect(trpcError(asQuery).data.code).toBe('NOT_FOUND');

      const asMutation = await mutate('nothing.here', {});
      expect(asMutation.status).toBe(404);
      expect(trpcError(asMutation).data.code).toBe('NOT_FOUND');
    });

    it('a query called as a mutation (POST) is refused with a 4xx, not run', async () => {
      const r = await mutate('orgs.current', { orgSlug: orgA.slug }, { cookie: ownerA.cookie });
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
    });
  });

  describe('tenants', () => {
    it('an unknown org slug is 404 NOT_FOUND "Organization not found"', async () => {
      const r = await query('orgs.current', { orgSlug: 'no-such-org-anywhere' }, { cookie: ownerB.cookie });
      expect(r.status).toBe(404);
      const error = trpcError(r);
      expect(error.data.code).toBe('NOT_FOUND');
      expect(error.message).toBe('Organization not found');
    });

    it("a member of org B asking for org A gets the same 404, and nothing of A's in the body", async () => {
      const foreign = await query('orgs.current', { orgSlug: orgA.slug }, { cookie: ownerB.cookie });
      const unknown = await query('orgs.current', { orgSlug: 'no-such-org-anywhere' }, { cookie: ownerB.cookie });
      expect(foreign.status).toBe(404);
      const [f, u] = [trpcError(foreign), trpcError(unknown)];
      expect({ message: f.message, code: f.code, dataCode: f.data.code, appCode: f.data.appCode }).toEqual({
        message: u.message,
        code: u.code,
        dataCode: u.data.code,
        appCode: u.data.appCode,
      });
      expect(foreign.text).not.toContain(orgA.id);
      expect(foreign.text).not.toContain(orgA.name);

      const profile = await query('orgs.profile', { orgSlug: orgA.slug }, { cookie: ownerB.cookie });
      expect(profile.status).toBe(404);
      expect(profile.text).not.toContain(orgA.name);

      const update = await mutate(
        'orgs.updateProfile',
        { orgSlug: orgA.slug, version: 1, name: 'Taken Over', billingAddress: null, taxId: null },
        { cookie: ownerB.cookie },
      );
      expect(update.status).toBe(404);
      const [row] = await adminQuery<{ name: string }>('select name from organizations where id = $1', [orgA.id]);
      expect(row?.name).toBe(orgA.name);
    });

    it('a deactivated membership is 403 FORBIDDEN', async () => {
      const former = await newUser('former');
      await withTenant(orgA.id, { type: 'user', userId: ownerA.id }, (tx) =>
        addMember(tx, { orgId: orgA.id, userId: former.id, roleKey: 'admin' }),
      );
      expect((await query('orgs.current', { orgSlug: orgA.slug }, { cookie: former.cookie })).status).toBe(200);

      await adminQuery(`update memberships set status = 'deactivated' where org_id = $1 and user_id = $2`, [
        orgA.id,
        former.id,
      ]);
      const r = await query('orgs.current', { orgSlug: orgA.slug }, { cookie: former.cookie });
      expect(r.status).toBe(403);
      const error = trpcError(r);
      expect(error.data.code).toBe('FORBIDDEN');
      expect(error.message).toMatch(/deactivated/i);
      expect(r.text).not.toContain(orgA.id);
    });
  });

  describe('sessions', () => {
    /** Every Set-Cookie that clears the session cookie: empty value and Max-Age=0 or an expiry in the past. */
    function clearedSessionCookies(headers: Headers): string[] {
      return headers.getSetCookie().filter((cookie) => {
        if (!cookie.startsWith(`${SESSION_COOKIE}=;`)) return false;
        const expires = /;\s*expires=([^;]+)/i.exec(cookie)?.[1];
        return /;\s*max-age=0(;|$)/i.test(cookie) || (expires !== undefined && Date.parse(expires) <= Date.now());
      });
    }

    it('an expired session cookie is 401 and the response clears the cookie', async () => {
      const user = await newUser('expired');
      await createOrganization({ name: 'Expiring Co', ownerUserId: user.id });
      const sessionId = (await adminQuery<{ id: string }>('select id from sessions where user_id = $1', [user.id]))[0]!
        .id;
      await adminQuery(`update sessions set expires_at = now() - interval '1 minute' where id = $1`, [sessionId]);

      const r = await query('orgs.mine', undefined, { cookie: user.cookie });
      expect(r.status).toBe(401);
      expect(trpcError(r).data.code).toBe('UNAUTHORIZED');
      expect(clearedSessionCookies(r.headers)).toHaveLength(1);
      expect(clearedSessionCookies(r.headers)[0]).toMatch(/httponly/i);
    });

    it('a garbage session cookie is 401 and is cleared', async () => {
      const r = await query('orgs.mine', undefined, { cookie: `${SESSION_COOKIE}=%3Cscript%3E'garbage` });
      expect(r.status).toBe(401);
      expect(clearedSessionCookies(r.headers)).toHaveLength(1);
    });

    it('a well-formed but forged session token is 401 and is cleared', async () => {
      const forged = 'a'.repeat(40);
      const r = await query('orgs.current', { orgSlug: orgA.slug }, { cookie: `${SESSION_COOKIE}=${forged}` });
      expect(r.status).toBe(401);
      expect(trpcError(r).message).toBe('Please sign in');
      expect(clearedSessionCookies(r.headers)).toHaveLength(1);
    });

    it('no cookie at all is 401 without touching cookies', async () => {
      const r = await query('orgs.mine', undefined);
      expect(r.status).toBe(401);
      expect(r.headers.getSetCookie()).toEqual([]);
    });
  });

  describe('origin', () => {
    it('a mutation from a foreign Origin is 403 and changes nothing; the same call from our origin succeeds', async () => {
      const profile = await query('orgs.profile', { orgSlug: orgA.slug }, { cookie: ownerA.cookie });
      expect(profile.status).toBe(200);
      const { version } = (profile.body as { result: { data: { json: { version: number } } } }).result.data.json;
      const input = { orgSlug: orgA.slug, version, name: 'Renamed Cross Origin', billingAddress: null, taxId: null };

      const foreign = await mutate('orgs.updateProfile', input, {
        cookie: ownerA.cookie,
        origin: 'https://evil.example',
      });
      expect(foreign.status).toBe(403);
      expect(trpcError(foreign).message).toBe('Cross-origin request refused');
      const [unchanged] = await adminQuery<{ name: string }>('select name from organizations where id = $1', [orgA.id]);
      expect(unchanged?.name).toBe(orgA.name);

      // Anonymous callers are refused for the origin before anything else is looked at.
      const anonymous = await mutate(
        'auth.login',
        { email: 'x@bad-input.test', password: 'whatever-pass' },
        {
          origin: 'https://evil.example',
        },
      );
      expect(anonymous.status).toBe(403);

      const same = await mutate(
        'orgs.updateProfile',
        { ...input, name: 'Renamed Same Origin' },
        { cookie: ownerA.cookie },
      );
      expect(same.status).toBe(200);
      const [renamed] = await adminQuery<{ name: string }>('select name from organizations where id = $1', [orgA.id]);
      expect(renamed?.name).toBe('Renamed Same Origin');
      // Put the name back for the other tests, which look for it in responses.
      const restore = await mutate('orgs.updateProfile', { ...input, version: version + 1 }, { cookie: ownerA.cookie });
      expect(restore.status).toBe(200);
    });
  });

  describe('health and headers', () => {
    it('/healthz is 200 with postgres and redis up', async () => {
      const r = await reply(await fetch(`${baseUrl}/healthz`));
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ status: 'ok', postgres: 'up', redis: 'up' });
    });

    it('API responses carry a CSP with a fresh nonce, nosniff and frame protection', async () => {
      const first = await query('orgs.mine', undefined);
      const second = await query('orgs.mine', undefined);
      const nonceOf = (r: Reply) => {
        const csp = r.headers.get('content-security-policy') ?? '';
        const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
        return /'nonce-([A-Za-z0-9+/=]{16,})'/.exec(scriptSrc)?.[1];
      };
      expect(nonceOf(first)).toEqual(expect.any(String));
      expect(nonceOf(second)).toEqual(expect.any(String));
      expect(nonceOf(first)).not.toBe(nonceOf(second));

      const csp = first.headers.get('content-security-policy')!;
      expect(csp).toMatch(/default-src 'self'/);
      expect(csp).toMatch(/object-src 'none'/);
      expect(first.headers.get('x-content-type-options')).toBe('nosniff');
      const framing = first.headers.get('x-frame-options') ?? '';
      expect(/^(deny|sameorigin)$/i.test(framing) || /frame-ancestors '(self|none)'/.test(csp)).toBe(true);
      expect(first.headers.get('x-powered-by')).toBeNull();
    });
  });
  describe('internal text never reaches a client', () => {
    const NUL = 'a\u0000b';
    const LONE_SURROGATE = 'Team \ud800';

    function refusedFields(r: Reply): string[] {
      expect(r.status, r.text.slice(0, 500)).toBe(400);
      const error = trpcError(r);
      expect(error.data.code).toBe('BAD_REQUEST');
      expectNoInternalText(r.text);
      return Object.keys(error.data.zodError?.fieldErrors ?? {});
    }

    it('a NUL in members.list q is a 400 naming q', async () => {
      const r = await query('members.list', { orgSlug: orgA.slug, q: NUL }, { cookie: ownerA.cookie });
      expect(refusedFields(r)).toEqual(['q']);
      expect(trpcError(r).message).toBe('Some fields are invalid: q');
    });

    it('a NUL or an unpaired surrogate in a team name is a 400 naming name, and no team is created', async () => {
      for (const name of [NUL, LONE_SURROGATE]) {
        const r = await mutate('teams.create', { orgSlug: orgA.slug, name }, { cookie: ownerA.cookie });
        expect(refusedFields(r)).toEqual(['name']);
      }
      const [teams] = await adminQuery<{ count: string }>('select count(*) from teams where org_id = $1', [orgA.id]);
      expect(teams?.count).toBe('0');
    });

    it('a NUL in an account name and in an org name is a 400 naming name', async () => {
      expect(refusedFields(await mutate('account.updateProfile', { name: NUL }, { cookie: ownerA.cookie }))).toEqual([
        'name',
      ]);
      expect(refusedFields(await mutate('orgs.create', { name: `Org ${NUL}` }, { cookie: ownerA.cookie }))).toEqual([
        'name',
      ]);
    });

    it('a NUL in the audit actor filter is a 400 naming filters', async () => {
      const r = await query('audit.list', { orgSlug: orgA.slug, filters: { actor: NUL } }, { cookie: ownerA.cookie });
      expect(refusedFields(r)).toEqual(['filters']);
      expect(trpcError(r).message).toBe('Some fields are invalid: filters.actor');
      expect(trpcError(r).data.appCode).toBe('INVALID_INPUT');
    });

    it('a members.batch cursor whose key is not a date under sort "joined" is a 400 about the cursor', async () => {
      const after = Buffer.from(JSON.stringify(['not a date', randomUUID()])).toString('base64url');
      const r = await query('members.batch', { orgSlug: orgA.slug, sort: 'joined', after }, { cookie: ownerA.cookie });
      expect(r.status).toBe(400);
      const error = trpcError(r);
      expect(error.message).toBe('Not a valid cursor');
      expect(error.data.appCode).toBe('INVALID_INPUT');
      expectNoInternalText(r.text);
    });

    it('the same inputs in one batch request are each refused with a 400, none with a 500', async () => {
      const inputs = [
        { orgSlug: orgA.slug, q: NUL },
        { orgSlug: orgA.slug, filters: { actor: NUL } },
        { orgSlug: orgA.slug, sort: 'joined', after: Buffer.from('["x","y"]').toString('base64url') },
      ];
      const search = encodeURIComponent(JSON.stringify(Object.fromEntries(inputs.map((json, i) => [i, { json }]))));
      const r = await reply(
        await fetch(`${baseUrl}/trpc/members.list,audit.list,members.batch?batch=1&input=${search}`, {
          headers: { cookie: ownerA.cookie },
        }),
      );
      expect(r.status).toBe(400);
      expectNoInternalText(r.text);
      const items = r.body as { error: { json: TrpcErrorShape } }[];
      expect(items.map((item) => item.error.json.data.httpStatus)).toEqual([400, 400, 400]);
    });

    it('over SSE (a subscription by GET) a NUL in the audit filter is a BAD_REQUEST naming the field', async () => {
      const input = encodeURIComponent(JSON.stringify({ json: { orgSlug: orgA.slug, filters: { actor: NUL } } }));
      const events = await readEventStream(`${baseUrl}/trpc/audit.live?input=${input}`, { cookie: ownerA.cookie });
      expectNoInternalText(events);
      expect(events).toContain('serialized-error');
      expect(events).toContain('"BAD_REQUEST"');
      expect(events).toContain('Some fields are invalid: filters.actor');
    });

    it('over the WebSocket a NUL in the audit filter is a BAD_REQUEST naming the field', async () => {
      const url = `${baseUrl.replace(/^http/, 'ws')}/trpc`;
      const answer = await wsAnswer(url, ownerA.cookie, 'audit.live', { orgSlug: orgA.slug, filters: { actor: NUL } });
      expectNoInternalText(answer);
      const error = (JSON.parse(answer) as { error: { json: TrpcErrorShape } }).error.json;
      expect(error.data.code).toBe('BAD_REQUEST');
      expect(error.message).toBe('Some fields are invalid: filters.actor');
    });
  });

  describe('unexpected errors: a generic message and the request id, over every transport', () => {
    const INTERNAL = 'Failed query: select secret_column from users where id = $1\nparams: 42';
    const fail = (): never => {
      throw new Error(INTERNAL);
    };
    const probeRouter = router({
      boom: publicProcedure.query(fail),
      boomMutation: publicProcedure.mutation(fail),
      boomLive: publicProcedure.subscription(async function* () {
        yield* [];
        fail();
      }),
    });
    let probe: Server;
    let probeUrl: string;
    let probeSockets: WebSocketServer;

    beforeAll(async () => {
      const app = express();
      app.use(
        '/trpc',
        createExpressMiddleware({
          router: probeRouter,
          createContext: ({ req }) => createContext({ headers: req.headers, ip: req.ip ?? null }),
        }),
      );
      app.get('/explode', fail);
      app.use(handleUnexpectedError);
      probe = createServer(app);
      await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
      probeUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
      probeSockets = new WebSocketServer({ server: probe });
      applyWSSHandler({
        wss: probeSockets,
        router: probeRouter,
        createContext: ({ req }) => createContext({ headers: req.headers, ip: null }),
      });
    });

    afterAll(async () => {
      for (const client of probeSockets.clients) client.terminate();
      await new Promise<void>((resolve) => probeSockets.close(() => resolve()));
      probe.closeAllConnections();
      await new Promise<void>((resolve) => probe.close(() => resolve()));
    });

    function expectGeneric(shape: TrpcErrorShape, requestId: string): void {
      expect(shape.data.code).toBe('INTERNAL_SERVER_ERROR');
      expect(shape.message).toMatch(/^Something went wrong on our side/);
      expect(shape.message).toContain(requestId);
      expect(shape.data.requestId).toBe(requestId);
      expect(shape.data).not.toHaveProperty('stack');
    }

    it('over HTTP: a query and a mutation', async () => {
      const requestId = randomUUID();
      const get = await reply(await fetch(`${probeUrl}/trpc/boom`, { headers: { 'x-request-id': requestId } }));
      expect(get.status).toBe(500);
      expectNoInternalText(get.text);
      expectGeneric(trpcError(get), requestId);

      const post = await reply(
        await fetch(`${probeUrl}/trpc/boomMutation`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-request-id': requestId },
          body: JSON.stringify({ json: null }),
        }),
      );
      expect(post.status).toBe(500);
      expectNoInternalText(post.text);
      expectGeneric(trpcError(post), requestId);
    });

    it('in a batch', async () => {
      const requestId = randomUUID();
      const r = await reply(
        await fetch(`${probeUrl}/trpc/boom,boom?batch=1&input=${encodeURIComponent('{}')}`, {
          headers: { 'x-request-id': requestId },
        }),
      );
      expect(r.status).toBe(500);
      expectNoInternalText(r.text);
      for (const item of r.body as { error: { json: TrpcErrorShape } }[]) expectGeneric(item.error.json, requestId);
    });

    it('over SSE', async () => {
      const requestId = randomUUID();
      const events = await readEventStream(`${probeUrl}/trpc/boomLive`, { 'x-request-id': requestId });
      expectNoInternalText(events);
      expect(events).toContain('serialized-error');
      expect(events).toContain(requestId);
    });

    it('over the WebSocket', async () => {
      const answer = await wsAnswer(probeUrl.replace(/^http/, 'ws'), '', 'boomLive', null);
      expectNoInternalText(answer);
      const error = (JSON.parse(answer) as { error: { json: TrpcErrorShape } }).error.json;
      expect(error.data.code).toBe('INTERNAL_SERVER_ERROR');
      expect(error.message).toContain(String(error.data.requestId));
    });

    it("from express's last error handler (a Remix handler that threw)", async () => {
      const requestId = randomUUID();
      const r = await reply(await fetch(`${probeUrl}/explode`, { headers: { 'x-request-id': requestId } }));
      expect(r.status).toBe(500);
      expectNoInternalText(r.text);
      expect(r.body).toEqual({
        error: { code: 'INTERNAL_SERVER_ERROR', message: expect.stringContaining(requestId), requestId },
      });
    });
  });
});
