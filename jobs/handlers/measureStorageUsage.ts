/** The daily storage_bytes measurement of one tenant (server/usage/storageUsage.ts): one short transaction. */
import { measureStorageUsage } from '../../server/jobs/definitions/measureStorageUsage';
import { meterStorage } from '../../server/usage/storageUsage';
import { handleJob } from '../handler';

export const measureStorageUsageHandler = handleJob(measureStorageUsage, async ({ orgId }, { inTenant }) => {
  await inTenant((tx) => meterStorage(tx, orgId));
});
