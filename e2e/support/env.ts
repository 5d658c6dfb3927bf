/**
 * Where the end-to-end server runs and keeps its state: one place for playwright.config.ts and
 * the spec helpers. Its own database, Redis DB and data folder, so a developer's `npm start`
 * and the Vitest workers are never touched.
 *
 * Two checkouts on one machine can run their journeys at the same time by giving each its own
 * ATRIUM_E2E_PORT (default 3100), ATRIUM_E2E_NAME (suffix of the database and data folder) and
 * ATRIUM_E2E_REDIS_DB (default 15).
 */
const name = (process.env.ATRIUM_E2E_NAME ?? '').replace(/[^a-z0-9_]/gi, '').toLowerCase();
const redisDb = Number(process.env.ATRIUM_E2E_REDIS_DB ?? '15');

export const E2E_PORT = Number(process.env.ATRIUM_E2E_PORT ?? '3100');
export const E2E_BASE_URL = `http://localhost:${E2E_PORT}`;
export const E2E_DATABASE_URL = `postgres://postgres@127.0.0.1:5432/atrium_e2e${name ? `_${name}` : ''}`;
export const E2E_REDIS_URL = `redis://127.0.0.1:6379/${redisDb}`;
/** Relative to the repository root (Playwright's working directory). */
export const E2E_DATA_DIR = name ? `.data/e2e-${name}` : '.data/e2e';
/** The server's Stripe webhook signing secret, so a journey can sign events as Stripe would. */
export const E2E_STRIPE_WEBHOOK_SECRET = 'whsec_atriumEndToEndStripeSecret';
