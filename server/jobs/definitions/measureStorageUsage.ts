/**
 * The daily storage_bytes measurement of one tenant (server/usage/storageUsage.ts; handler:
 * jobs/handlers/measureStorageUsage.ts): what the org stores, per kind, as usage events.
 */
import { defineJob, ZTenantJobScope } from '../define';

export const measureStorageUsage = defineJob({
  name: 'measureStorageUsage',
  payload: ZTenantJobScope,
  attempts: 3,
  concurrency: 2,
});
