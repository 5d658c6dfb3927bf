/**
 * The REST transport at /api/v1: an API key (Bearer) becomes a context for the procedure chain
 * (server/trpc/procedures.ts), and each route of the table (./routes.ts) calls its procedure
 * through createCaller — the same permission gate, schemas, services and audit as a tRPC call.
 * Per-key rate limits answer 429 once the key is known, before the request does any work. Answers are JSON (a
 * route with `file` answers the file made from the procedure's output: ./fileAnswers.ts), errors
 * `{ error: { code, message, details?, requestId } }` (./errors.ts); no cookies, no CORS (servers
 * call it, not browsers), no cache.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { randomUUID } from 'node:crypto';
import { retryMessage } from '../auth/rateLimit';
import { authenticateApiKey } from '../apiKeys/authenticate';
import { admitApiCall, type QuotaRefusal } from '../billing/apiQuota';
import { recordApiKeyRequest } from '../apiKeys/usage';
import { env } from '../env';
import { AppError } from '../errors';
import { BODY_LIMIT_BYTES } from '../http/security';
import { logger, type Logger } from '../logger';
import type { ApiKeyCaller, Context, CookieJar } from '../trpc/context';
import { createCaller } from '../trpc/router';
import { apiKeyCallerOf, bearerToken } from './apiKeyCaller';
import { restErrorOf } from './errors';
import { FILE_ANSWERS } from './fileAnswers';
import { procedureInput, RestInputError } from './input';
import { openApiJson } from './openapi';
import { procedureShape, type ProcedurePath } from './procedures';
import {
  authenticationFailuresExceeded,
  countAuthenticationFailure,
  countKeyRequest,
  setRateLimitHeaders,
} from './rateLimit';
import { referenceAssets } from './reference';
import { REST_ROUTES, type RestRoute } from './routes';
import { apiKeySelf } from './self';

export type RestOptions = {
  /** Requests per key per minute; env API_RATE_LIMIT_PER_MINUTE unless given (tests). */
  rateLimitPerMinute?: number;
  /** Refused authentications per client address per minute; env API_AUTH_FAILURES_PER_MINUTE unless given (tests). */
  authFailuresPerMinute?: number;
};

type RestLocals = { requestId: string; log: Logger; apiKey?: ApiKeyCaller; route?: RestRoute };

function localsOf(res: Response): RestLocals {
  return res.locals as RestLocals;
}

type AsyncHandler = (req: Request, res: Response, next: NextFunction) => Promise<void>;

/** express 4 does not catch a rejected promise: pass it to the error handler. */
function handle(fn: AsyncHandler) {
  return (req: Request, res: Response, next: NextFunction) => {
    fn(req, res, next).catch(next);
  };
}

/** A request never sets or clears a cookie over the API. */
const NO_COOKIES: CookieJar = {
  get: () => undefined,
  set: () => {
    throw new AppError('HTTP_ONLY');
  },
  clear: () => {
    throw new AppError('HTTP_ONLY');
  },
};

function contextFor(req: Request, locals: RestLocals, apiKey: ApiKeyCaller): Context {
  return {
    req: { requestId: locals.requestId, ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null, origin: null },
    log: locals.log,
    cookies: NO_COOKIES,
    // The chain reads the key (ctx.apiKey); nothing here is a session.
    session: null,
    user: null,
    principal: null,
    clock: () => new Date(),
    apiKey,
  };
}

type ProcedureCall = (input: unknown) => Promise<unknown>;
/** tRPC's caller: a proxy (callable, so a function) at every level, sub-routers nested. */
type CallerNode = ProcedureCall & { [name: string]: CallerNode | undefined };

function callProcedure(ctx: Context, path: ProcedurePath, input: unknown): Promise<unknown> {
  // Sub-routers nest: "usage.metrics.list" is caller.usage.metrics.list.
  let node: CallerNode | undefined = createCaller(ctx) as unknown as CallerNode;
  for (const name of path.split('.')) node = node?.[name];
  if (!node) throw new Error(`no procedure ${path}`);
  return node(input);
}

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function searchParamsOf(req: Request): URLSearchParams {
  const at = req.originalUrl.indexOf('?');
  return new URLSearchParams(at === -1 ? '' : req.originalUrl.slice(at + 1));
}

export function createRestRouter(options: RestOptions = {}): Router {
  const limitPerMinute = options.rateLimitPerMinute ?? env.API_RATE_LIMIT_PER_MINUTE;
  const failuresPerMinute = options.authFailuresPerMinute ?? env.API_AUTH_FAILURES_PER_MINUTE;
  const router = express.Router({ caseSensitive: true });

  router.use((req, res, next) => {
    const header = req.get('x-request-id');
    const requestId = header ? header.slice(0, 64) : randomUUID();
    res.locals.requestId = requestId;
    res.locals.log = logger.child({ requestId, transport: 'rest' });
    res.setHeader('X-Request-Id', requestId);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });

  router.get('/openapi.json', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.type('application/json').send(openApiJson());
  });
  router.use('/reference', referenceAssets());

  /** Authenticates the key (every refusal its own code), then counts the request against it. */
  const authenticate = handle(async (req, res, next) => {
    const token = bearerToken(req.get('authorization'));
    if (!token) throw new AppError('API_KEY_MISSING');
    const client = req.ip ?? 'unknown';
    const failures = await authenticationFailuresExceeded(client, failuresPerMinute);
    if (failures.isExceeded) {
      res.setHeader('Retry-After', String(failures.resetSeconds));
      throw new AppError('RATE_LIMITED', retryMessage(failures.resetSeconds));
    }
    const authentication = await authenticateApiKey({ token, ip: req.ip ?? null }).catch(async (error: unknown) => {
      // A refusal counts against the address; a failure of ours (database down) does not.
      if (error instanceof AppError) await countAuthenticationFailure(client);
      throw error;
    });
    // The key's usage chart counts every answer it got, refusals and 429s included.
    const { orgId, keyId } = authentication.principal;
    res.once('finish', () => recordApiKeyRequest({ orgId, keyId, status: res.statusCode }));
    const limit = await countKeyRequest(authentication.principal.keyId, limitPerMinute);
    setRateLimitHeaders(res, limit);
    if (limit.isExceeded) throw new AppError('RATE_LIMITED', retryMessage(limit.resetSeconds));
    // The plan's monthly quota: a refusal says when it resets and which plan allows more.
    await admitApiCall(orgId).catch((error: unknown) => {
      const retryAfter = (error as Partial<QuotaRefusal>).retryAfterSeconds;
      if (retryAfter) res.setHeader('Retry-After', String(retryAfter));
      throw error;
    });
    const apiKey = await apiKeyCallerOf(authentication);
    const locals = localsOf(res);
    locals.apiKey = apiKey;
    locals.log = locals.log.child({ orgId: apiKey.org.id, keyId: apiKey.authentication.principal.keyId });
    next();
  });
  const json = express.json({
    limit: BODY_LIMIT_BYTES,
    strict: true,
    type: ['application/json', 'application/*+json'],
  });

  const execute = (route: RestRoute) => {
    // Reading the procedure now makes a route naming a wrong field or procedure fail at startup.
    const shape = procedureShape(route.procedure);
    return handle(async (req, res) => {
      const locals = localsOf(res);
      locals.route = route;
      const apiKey = locals.apiKey;
      if (!apiKey) throw new AppError('API_KEY_MISSING');
      if (hasBody(req) && !req.is(['application/json', 'application/*+json'])) {
        throw new RestInputError([
          { field: '(body)', in: 'body', message: 'Send JSON, with Content-Type: application/json' },
        ]);
      }
      const body: unknown = hasBody(req) ? req.body : undefined;
      const input = procedureInput(
        route,
        shape,
        { params: req.params, query: searchParamsOf(req), body },
        apiKey.org.slug,
      );
      const output = await callProcedure(contextFor(req, locals, apiKey), route.procedure, input);
      if (route.file) {
        const file = await FILE_ANSWERS[route.file].render(output);
        res.setHeader('Content-Type', FILE_ANSWERS[route.file].contentType);
        res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
        res.status(route.successStatus ?? 200).send(file.body);
        return;
      }
      res.status(route.successStatus ?? 200).json(output);
    });
  };

  for (const route of REST_ROUTES) router[route.method](route.path, authenticate, json, execute(route));
  router.get(
    '/api-keys/self',
    authenticate,
    handle(async (_req, res) => {
      const { apiKey } = localsOf(res);
      if (!apiKey) throw new AppError('API_KEY_MISSING');
      res.json(apiKeySelf(apiKey));
    }),
  );

  // A known path with a method it does not take: 405 naming the ones it does.
  const methodsByPath = new Map<string, Set<string>>([['/api-keys/self', new Set(['GET'])]]);
  for (const route of REST_ROUTES) {
    methodsByPath.set(route.path, (methodsByPath.get(route.path) ?? new Set()).add(route.method.toUpperCase()));
  }
  for (const [path, methods] of methodsByPath) {
    const allowed = [...methods].join(', ');
    router.all(path, () => {
      throw new AppError('METHOD_NOT_ALLOWED', `This route takes ${allowed}`, { allowed: [...methods] });
    });
  }
  router.use(() => {
    throw new AppError('ROUTE_NOT_FOUND');
  });

  router.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const locals = localsOf(res);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const answer = restErrorOf(bodyParserError(error) ?? error, {
      route: locals.route ?? null,
      requestId: locals.requestId,
      log: locals.log,
    });
    if (answer.status === 405) {
      const allowed = (error as AppError).details?.allowed;
      if (Array.isArray(allowed)) res.setHeader('Allow', allowed.join(', '));
    }
    res.status(answer.status).json(answer.body);
  });
  return router;
}

/** express.json's refusals as ours: a body too large, or not JSON. */
function bodyParserError(error: unknown): Error | null {
  const type = (error as { type?: unknown } | null)?.type;
  if (type === 'entity.too.large') {
    return new AppError('BODY_TOO_LARGE', `The body may be at most ${BODY_LIMIT_BYTES / 1024 / 1024} MB`);
  }
  if (type === 'entity.parse.failed')
    return new RestInputError([{ field: '(body)', in: 'body', message: 'Not valid JSON' }]);
  if (type === 'charset.unsupported' || type === 'encoding.unsupported') {
    return new RestInputError([{ field: '(body)', in: 'body', message: 'Send JSON in UTF-8' }]);
  }
  return null;
}
