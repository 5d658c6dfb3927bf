/**
 * The only place that sets app.org_id, app.user_id, app.principal_type and app.system_task. Each
 * call is one transaction on the runtime role — the unit of work of one change — opened with a
 * single round trip (BEGIN and the set_config calls sent together, transaction-local so a pooled
 * connection never carries them to the next request). Features add to it through its hooks
 * (./commitHooks.ts): written before COMMIT, run after it.
 */
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import * as schema from '../../db/schema';
import { getAppPool } from '../database';
import { logger } from '../logger';
import { beginUnit, endUnit, runBeforeCommit, type AfterCommitTask } from './commitHooks';
import { runInScope } from './context';
import { principalDatabaseType, principalUserId, type Principal } from './principal';
import { whenUnavailable } from './unavailable';

export type Tx = NodePgDatabase<typeof schema> & { $client: pg.PoolClient };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

function assertUuid(value: string, what: string): string {
  if (!UUID.test(value)) throw new Error(`withTenant: ${what} is not a UUID`);
  return value.toLowerCase();
}

/**
 * One drizzle instance per pooled connection, built the first time the connection is used:
 * building one (it derives the relational config of the whole schema) cost about a quarter of a
 * millisecond per transaction. It holds nothing of a transaction but the connection.
 */
const databases = new WeakMap<pg.PoolClient, Tx>();

function databaseOn(client: pg.PoolClient): Tx {
  let database = databases.get(client);
  if (!database) {
    database = drizzle(client, { schema }) as Tx;
    databases.set(client, database);
  }
  return database;
}

/**
 * The cross-tenant questions only a system task may ask (db/migrations/0020): the cron fan-out
 * lists every org, the outbox relay's sweep the orgs with unpublished events.
 */
export type SystemTask = 'cron-fan-out' | 'outbox-relay';
const SYSTEM_TASKS: ReadonlySet<string> = new Set<SystemTask>(['cron-fan-out', 'outbox-relay']);

async function inTransaction<T>(
  orgId: string | null,
  principal: Principal,
  fn: (tx: Tx) => Promise<T>,
  task?: SystemTask,
): Promise<T> {
  const org = orgId === null ? NIL_UUID : assertUuid(orgId, 'orgId');
  const userId = principalUserId(principal);
  const principalType = principalDatabaseType(principal);
  const user = userId === null ? NIL_UUID : assertUuid(userId, 'userId');
  if (task !== undefined && !SYSTEM_TASKS.has(task)) throw new Error('withSystemTask: unknown task');
  const client = await getAppPool().connect().catch(whenUnavailable);
  const tx = databaseOn(client);
  let released = false;
  let committed = false;
  let result: T;
  try {
    // Values are validated UUIDs and known names, so inlining them is safe and saves a round trip.
    const setTask = task === undefined ? '' : `, set_config('app.system_task', '${task}', true)`;
    await client.query(
      `BEGIN; SELECT set_config('app.org_id', '${org}', true), set_config('app.user_id', '${user}', true), ` +
        `set_config('app.principal_type', '${principalType}', true)${setTask}`,
    );
    beginUnit(tx);
    result = await runInScope({ orgId, principal }, async () => {
      const value = await fn(tx);
      // What features write with the change (the audit event with the activity events: one statement).
      await runBeforeCommit(tx);
      return value;
    });
    await client.query('COMMIT');
    committed = true;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch {
      // The connection is gone (e.g. PostgreSQL restarted): never hand it out again.
      client.release(true);
      released = true;
    }
    return whenUnavailable(error);
  } finally {
    // What a rolled-back transaction held is never written, and its after-commit tasks never run.
    const tasks = endUnit(tx, committed);
    if (!released) client.release();
    if (committed) await runAfterCommit(tasks, orgId);
  }
  return result;
}

/** In order, on no connection; the change is saved, so a failing task is logged, not thrown. */
async function runAfterCommit(tasks: AfterCommitTask[], orgId: string | null): Promise<void> {
  for (const task of tasks) {
    await task().catch((error: unknown) => logger.error({ err: error, orgId }, 'after-commit task failed'));
  }
}

/** Runs fn in a transaction scoped to one organization. */
export async function withTenant<T>(orgId: string, principal: Principal, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return inTransaction(assertUuid(orgId, 'orgId'), principal, fn);
}

/** Runs fn in a transaction scoped to one user and no organization (account pages, sessions). */
export async function withActor<T>(userId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return inTransaction(null, { type: 'user', userId: assertUuid(userId, 'userId') }, fn);
}

/**
 * Runs fn as the system, in no organization, as the named task: the only transactions the
 * cross-tenant lists answer (app_all_org_ids, app_outbox_pending_orgs).
 */
export async function withSystemTask<T>(task: SystemTask, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return inTransaction(null, { type: 'system', name: task }, fn, task);
}
