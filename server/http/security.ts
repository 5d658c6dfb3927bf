/** Security headers (with a per-request CSP nonce for Remix's inline scripts) and the body limit. */
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { randomBytes } from 'node:crypto';
import { env } from '../env';

export const BODY_LIMIT_BYTES = 1024 * 1024;

export function assignNonce(_req: Request, res: Response, next: NextFunction): void {
  res.locals.cspNonce = randomBytes(16).toString('base64');
  next();
}

export const securityHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: true,
    directives: {
      'script-src': ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce as string}'`],
      'style-src': ["'self'", "'unsafe-inline'"],
      'img-src': ["'self'", 'data:'],
      'connect-src': ["'self'", new URL(env.APP_URL).origin.replace(/^http/, 'ws')],
      'upgrade-insecure-requests': env.secureCookies ? [] : null,
    },
  },
  // Helmet's default (no-referrer) makes Chromium send `Origin: null` on plain form posts, which
  // Remix and our Origin check rightly refuse; this policy keeps the real origin on same-site posts.
  referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  strictTransportSecurity: env.secureCookies,
  crossOriginEmbedderPolicy: false,
});

/** Refuses declared bodies over the limit before anything reads them. */
export function limitBody(req: Request, res: Response, next: NextFunction): void {
  const length = Number(req.headers['content-length'] ?? 0);
  if (length > BODY_LIMIT_BYTES) {
    res.status(413).json({ error: { code: 'PAYLOAD_TOO_LARGE', message: 'Request body exceeds 1 MB' } });
    return;
  }
  next();
}
