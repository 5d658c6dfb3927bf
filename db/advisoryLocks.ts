/**
 * Every PostgreSQL advisory lock class Atrium takes, by name: the one place a lock number is
 * written, so two features can never pick the same one and a reader sees what each serializes.
 * Transaction locks on one org take the class as the first key and `hashtext(org id)` as the
 * second; session locks are taken and released explicitly. This module holds numbers only: it
 * must never take a lock or import anything.
 */
export const ADVISORY_LOCKS = {
  /** Session lock: creating or altering this install's roles (db/setup.ts ensureRoles) — parallel setups. */
  installRoles: 7242001,
  /** Session lock: running migrations and syncing the permission catalogue (db/setup.ts runMigrations). */
  migrations: 7242002,
  /** Session lock, second key the test database name: one `vitest run` per checkout (test/global-setup.ts). */
  testRun: 7242010,
  /** Session lock: cloning a worker's test database from the template, one at a time (test/worker-setup.ts). */
  testDatabaseClone: 7242011,
  /** Transaction lock per org: role-graph writes, so no cycle or stale inheritance slips in (server/authz). */
  roleGraph: 7242100,
  /** Transaction lock per org: team-tree writes, so no cycle or over-deep nesting slips in (server/teams). */
  teamTree: 7242101,
  /** Transaction lock per org: activity ids taken in commit order (server/realtime/outbox.ts). */
  activityOrder: 7242102,
  /** Transaction try-lock per org: one outbox relay publishes an org at a time (server/realtime/outboxRelay.ts). */
  outboxRelayOrg: 7242103,
  /** Transaction lock per org: one usage roll-up at a time recomputes its hours and days (server/usage/rollup.ts). */
  usageRollup: 7242104,
} as const;

export type AdvisoryLockName = keyof typeof ADVISORY_LOCKS;
