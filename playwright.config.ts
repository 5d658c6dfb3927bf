/**
 * Browser journeys against the real server (production build) in Debian's Chromium. The server
 * gets its own database, Redis DB and data folder (e2e/support/env.ts); e2e/start-server.mjs
 * prepares them before starting it, because Playwright starts webServer before globalSetup.
 */
import { defineConfig } from '@playwright/test';
import {
  E2E_BASE_URL,
  E2E_DATA_DIR,
  E2E_DATABASE_URL,
  E2E_PORT,
  E2E_REDIS_URL,
  E2E_STRIPE_WEBHOOK_SECRET,
} from './e2e/support/env';

const isCI = Boolean(process.env.CI);

export default defineConfig({
  testDir: 'e2e',
  // Two cores: the server, PostgreSQL and Chromium already share them.
  workers: 1,
  fullyParallel: false,
  forbidOnly: isCI,
  retries: isCI ? 1 : 0,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  globalSetup: './e2e/global-setup.ts',
  use: {
    baseURL: E2E_BASE_URL,
    browserName: 'chromium',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  webServer: {
    command: 'node e2e/start-server.mjs',
    url: `${E2E_BASE_URL}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      NODE_ENV: 'production',
      PORT: String(E2E_PORT),
      APP_URL: E2E_BASE_URL,
      DATABASE_URL: E2E_DATABASE_URL,
      REDIS_URL: E2E_REDIS_URL,
      DATA_DIR: E2E_DATA_DIR,
      STRIPE_WEBHOOK_SECRET: E2E_STRIPE_WEBHOOK_SECRET,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    },
  },
});
