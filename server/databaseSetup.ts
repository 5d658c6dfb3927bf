/**
 * This install's database setup: db/setup.ts given the URLs, role names and passwords from
 * server/env.ts and the permission catalogue it keeps in the permissions table.
 */
import * as setup from '../db/setup';
import { dbLog } from './database';
import { env } from './env';
import { PERMISSIONS } from './shared/permissions';

export const databaseInstall: setup.DatabaseInstall = {
  adminUrl: env.adminDatabaseUrl,
  ownerUrl: env.ownerDatabaseUrl,
  databaseName: env.databaseName,
  roles: env.dbRoles,
  ownerPassword: env.ownerDbPassword,
  appPassword: env.appDbPassword,
  permissions: PERMISSIONS,
  log: dbLog,
};

/** Everything `npm start` needs before serving. */
export function prepareDatabase(): Promise<{ created: boolean }> {
  return setup.prepareDatabase(databaseInstall);
}
