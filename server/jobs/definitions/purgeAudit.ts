/**
 * Audit retention for one tenant (docs/decisions/010-audit.md; handler: jobs/handlers/purgeAudit.ts).
 * Started daily for every org by the cron fan-out.
 */
import { defineJob, ZTenantJobScope } from '../define';

export const purgeAudit = defineJob({ name: 'purgeAudit', payload: ZTenantJobScope, attempts: 3, concurrency: 2 });
