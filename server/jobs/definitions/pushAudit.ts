/**
 * Audit push for one tenant (docs/decisions/012-audit-push.md; handler: jobs/handlers/pushAudit.ts).
 * Started every minute for every org by the cron fan-out. A failed delivery is not a failed job:
 * it is recorded on the endpoint and retried with the endpoint's own backoff, so Bull never
 * re-sends a batch (one attempt).
 */
import { defineJob, ZTenantJobScope } from '../define';

export const pushAudit = defineJob({ name: 'pushAudit', payload: ZTenantJobScope, attempts: 1, concurrency: 4 });
