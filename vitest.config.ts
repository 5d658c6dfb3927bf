/**
 * Unit (`*.test.ts`) and integration (`*.integration.test.ts`) tests against the real
 * PostgreSQL and Redis. Each worker gets its own database cloned from a migrated template
 * (docs/decisions/002-test-databases.md); Playwright journeys in e2e/ are not run here.
 */
import tsconfigPaths from 'vite-tsconfig-paths';
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ['**/*.test.ts'],
    exclude: [...configDefaults.exclude, '**/node_modules/**', 'build/**', 'e2e/**', '.data/**'],
    environment: 'node',
    pool: 'forks',
    // Integration tests wait on PostgreSQL and Redis more than on CPU: two workers even on 2 cores.
    poolOptions: { forks: { minForks: 1, maxForks: 2 } },
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/worker-setup.ts'],
    testTimeout: 15_000,
    hookTimeout: 30_000,
    teardownTimeout: 10_000,
    restoreMocks: true,
  },
});
