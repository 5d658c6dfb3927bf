/**
 * Where the end-to-end server runs and keeps its state: one place for playwright.config.ts and
 * the spec helpers. Its own database, Redis DB 15 and data folder, so a developer's `npm start`
 * and the Vitest workers are never touched.
 */
export const E2E_PORT = 3100;
export const E2E_BASE_URL = `http://localhost:${E2E_PORT}`;
export const E2E_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/atrium_e2e';
export const E2E_REDIS_URL = 'redis://127.0.0.1:6379/15';
/** Relative to the repository root (Playwright's working directory). */
export const E2E_DATA_DIR = '.data/e2e';
