/**
 * The daily email digest of one org (handler: jobs/handlers/sendDigest.ts), started for every org
 * by the cron fan-out.
 */
import { defineJob, ZTenantJobScope } from '../define';

export const DIGEST_MAX_ITEMS = 200;

export const sendDigest = defineJob({ name: 'sendDigest', payload: ZTenantJobScope, attempts: 3 });
