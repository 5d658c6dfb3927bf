/**
 * Builds the tRPC context from any transport: express (HTTP), the WebSocket upgrade request,
 * or a Remix loader/action calling procedures through createCaller. The session cookie is
 * validated here once per request and becomes the principal; org membership is resolved later
 * by memberProcedure.
 */
import { parse as parseCookies, serialize as serializeCookie, type CookieSerializeOptions } from 'cookie';
import { randomUUID } from 'node:crypto';
import { SESSION_COOKIE, validateSessionToken, type ValidatedSession } from '../auth/session';
import { env } from '../env';
import { AppError } from '../errors';
import { logger, type Logger } from '../logger';
import type { ApiKeyAuthentication } from '../apiKeys/authenticate';
import type { Principal } from '../tenancy/principal';

export type RequestInfo = {
  requestId: string;
  ip: string | null;
  userAgent: string | null;
  origin: string | null;
};

export type CookieJar = {
  get(name: string): string | undefined;
  set(name: string, value: string, options?: CookieSerializeOptions): void;
  clear(name: string): void;
};

export type SessionUser = { id: string; email: string; name: string; lastOrgSlug: string | null };

/**
 * A request authenticated by an API key (the REST transport, server/rest/): the key's
 * authentication, its org and the member who created it — the user the key acts as, within the
 * key's own permissions. The session transports never set it.
 */
export type ApiKeyCaller = {
  authentication: ApiKeyAuthentication;
  org: { id: string; slug: string; name: string };
  actingUser: SessionUser;
};

export type Context = {
  req: RequestInfo;
  log: Logger;
  cookies: CookieJar;
  session: ValidatedSession | null;
  user: SessionUser | null;
  /** Who calls (server/tenancy/principal.ts): the session's user, or null when signed out. */
  principal: Principal | null;
  /** The time authorization conditions see (env.now, env.hour); injectable for tests. */
  clock: () => Date;
  /**
   * Set where one context serves many calls (a WebSocket connection): whether the session
   * validated when the context was built is still valid now.
   */
  isSessionLive?: () => Promise<boolean>;
  /** Set by the REST transport only; then session, user and principal are null at the top of the chain. */
  apiKey?: ApiKeyCaller | null;
};

export type TransportInput = {
  headers: Record<string, string | string[] | undefined> | Headers;
  ip: string | null;
  /** Receives each Set-Cookie header value; absent where a response cannot carry cookies (WebSocket). */
  appendSetCookie?: (value: string) => void;
  /** Tests fix the time here; everything else leaves it to the system clock. */
  clock?: () => Date;
};

function header(headers: TransportInput['headers'], name: string): string | null {
  if (headers instanceof Headers) return headers.get(name);
  const value = headers[name];
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}

export function sessionCookieOptions(expires: Date): CookieSerializeOptions {
  return { httpOnly: true, sameSite: 'lax', secure: env.secureCookies, path: '/', expires };
}

/** Signing in or out over a WebSocket: the client chose a transport that cannot carry the cookie. */
function cookielessTransport(): AppError {
  return new AppError('HTTP_ONLY');
}

export async function createContext(input: TransportInput): Promise<Context> {
  const requestId = header(input.headers, 'x-request-id')?.slice(0, 64) || randomUUID();
  const req: RequestInfo = {
    requestId,
    ip: input.ip,
    userAgent: header(input.headers, 'user-agent'),
    origin: header(input.headers, 'origin'),
  };
  const parsed = parseCookies(header(input.headers, 'cookie') ?? '');
  const cookies: CookieJar = {
    get: (name) => parsed[name],
    set: (name, value, options) => {
      if (!input.appendSetCookie) throw cookielessTransport();
      input.appendSetCookie(serializeCookie(name, value, { path: '/', ...options }));
    },
    clear: (name) => {
      if (!input.appendSetCookie) throw cookielessTransport();
      input.appendSetCookie(serializeCookie(name, '', { ...sessionCookieOptions(new Date(0)), maxAge: 0 }));
    },
  };

  let session: ValidatedSession | null = null;
  const token = parsed[SESSION_COOKIE];
  if (token) {
    session = await validateSessionToken(token, { ip: req.ip, userAgent: req.userAgent });
    if (!session && input.appendSetCookie) cookies.clear(SESSION_COOKIE);
    if (session?.refreshed && input.appendSetCookie) {
      cookies.set(SESSION_COOKIE, token, sessionCookieOptions(session.expiresAt));
    }
  }
  const user: SessionUser | null = session
    ? { id: session.userId, email: session.email, name: session.name, lastOrgSlug: session.lastOrgSlug }
    : null;
  const principal: Principal | null = session
    ? { type: 'user', userId: session.userId, email: session.email, sessionId: session.sessionId }
    : null;
  const log = logger.child({ requestId, userId: user?.id });
  return { req, log, cookies, session, user, principal, clock: input.clock ?? (() => new Date()) };
}
