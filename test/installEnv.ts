/**
 * The install the tests run as: fixed role names, Redis prefix and role passwords, set before any
 * app module reads the environment (test/global-setup.ts, test/worker-setup.ts). The roles are
 * cluster-wide, so tests use their own (`atrium_test_*`) and never reset the passwords of a
 * developer's `atrium_app` and `atrium_owner`; the passwords are fixed so that test runs from
 * different checkouts agree on them.
 */
export const TEST_ROLE_PREFIX = 'atrium_test';
export const TEST_OWNER_ROLE = `${TEST_ROLE_PREFIX}_owner`;

/**
 * The test databases' names: `<name>_template` and `<name>_w<N>` per worker. `ATRIUM_TEST_DB`
 * gives checkouts that run tests side by side databases (and a run lock) of their own.
 */
export const TEST_DB_NAME = /^[a-z][a-z0-9_]{0,40}$/.test(process.env.ATRIUM_TEST_DB ?? '')
  ? process.env.ATRIUM_TEST_DB!
  : 'atrium_test';
export const TEST_TEMPLATE_DB = `${TEST_DB_NAME}_template`;

export function applyTestInstallEnv(): void {
  process.env.NODE_ENV = 'test';
  process.env.DB_ROLE_PREFIX = TEST_ROLE_PREFIX;
  process.env.REDIS_PREFIX = `${TEST_ROLE_PREFIX}:`;
  process.env.APP_DB_PASSWORD = 'atrium-test-app-password';
  process.env.OWNER_DB_PASSWORD = 'atrium-test-owner-password';
}
