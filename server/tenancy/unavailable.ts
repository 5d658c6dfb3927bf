/**
 * Where a lost database becomes the error a person sees: every query of the runtime role goes
 * through withTenant or appQuery, and both turn "PostgreSQL cannot be reached" into a
 * SERVICE_UNAVAILABLE AppError (503 on tRPC, Remix pages and the express fallback) with a message
 * that says to try again. Any other error passes through unchanged.
 */
import type pg from 'pg';
import { getAppPool } from '../database';
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from '../../db/unavailable';
import { AppError } from '../errors';

export function databaseUnavailableError(): AppError {
  return new AppError('SERVICE_UNAVAILABLE', DATABASE_UNAVAILABLE_MESSAGE);
}

/** Rethrows `error`, as SERVICE_UNAVAILABLE when it means the database cannot be reached. */
export function whenUnavailable(error: unknown): never {
  if (isDatabaseUnavailable(error)) throw Object.assign(databaseUnavailableError(), { cause: error });
  throw error;
}

/** One statement on the app pool outside a transaction (the pre-tenant lookups). */
export function appQuery<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
  return getAppPool().query<R>(text, values).catch(whenUnavailable);
}
