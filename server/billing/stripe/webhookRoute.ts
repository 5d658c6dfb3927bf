/**
 * POST /webhooks/stripe over HTTP: reads the raw body (up to 1 MB, whatever its content type —
 * the signature covers the exact bytes, so nothing may parse it first), hands it with the
 * Stripe-Signature header to receiveStripeWebhook and writes its answer. Mounted in
 * server/index.ts before the page middleware: no cookies, no CSP, no session. A body too large or
 * unreadable is answered in the same `{ error: { code, message } }` form.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { BODY_LIMIT_BYTES } from '../../http/security';
import { receiveStripeWebhook } from './receiveWebhook';

export const STRIPE_WEBHOOK_PATH = '/webhooks/stripe';

export function createStripeWebhookRouter(): Router {
  const router = express.Router();
  router.post(
    '/',
    express.raw({ type: () => true, limit: BODY_LIMIT_BYTES }),
    (req: Request, res: Response, next: NextFunction) => {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const signature = req.get('stripe-signature');
      receiveStripeWebhook(body, signature)
        .then((answer) => {
          res.status(answer.status).set('cache-control', 'no-store').json(answer.body);
        })
        .catch(next);
    },
  );
  router.all('/', (_req, res) => {
    res
      .status(405)
      .set('allow', 'POST')
      .json({ error: { code: 'METHOD_NOT_ALLOWED', message: 'Use POST.' } });
  });
  router.use((error: { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    const isTooLarge = error.type === 'entity.too.large';
    res
      .status(isTooLarge ? 413 : 400)
      .json(
        isTooLarge
          ? { error: { code: 'PAYLOAD_TOO_LARGE', message: 'Request body exceeds 1 MB' } }
          : { error: { code: 'EVENT_INVALID', message: 'The body could not be read.' } },
      );
  });
  return router;
}
