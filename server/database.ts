/**
 * The server's database connections: db/client.ts's factories given this install's URLs (from
 * server/env.ts) and the logger. Owns the one app pool of the process, created on first use.
 */
import type pg from 'pg';
import * as connections from '../db/client';
import { env } from './env';
import { logger } from './logger';

export const dbLog = logger.child({ component: 'db' });

let appPool: pg.Pool | undefined;

export function getAppPool(): pg.Pool {
  appPool ??= connections.createAppPool(env.appDatabaseUrl, dbLog);
  return appPool;
}

export async function closeAppPool(): Promise<void> {
  const pool = appPool;
  appPool = undefined;
  await pool?.end();
}

export function createOwnerClient(): pg.Client {
  return connections.createOwnerClient(env.ownerDatabaseUrl, dbLog);
}

export function createAdminClient(database?: string): pg.Client {
  return connections.createAdminClient(env.adminDatabaseUrl, dbLog, database);
}
