/**
 * Audit push for one tenant (docs/decisions/012-audit-push.md): sends the org's new audit events
 * to its configured endpoint, in its tenant transaction (server/audit/push/pushRun.ts). Started
 * every minute for every org by the cron fan-out in jobs/registry.ts; an org without an enabled
 * endpoint returns after one indexed read. A failed delivery is not a failed job: it is recorded
 * on the endpoint and retried with the endpoint's own backoff, so Bull never re-sends a batch.
 */
import { runPush } from '../../server/audit/push/pushRun';
import { defineJob, ZTenantJobScope } from '../define';

export const pushAudit = defineJob({
  name: 'pushAudit',
  payload: ZTenantJobScope,
  attempts: 1,
  concurrency: 4,
  handler: async ({ orgId }, { tx, log }) => {
    await runPush(tx, orgId, log);
  },
});
