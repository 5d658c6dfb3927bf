/**
 * Audit push for one tenant (server/audit/push/pushRun.ts): the run claims the endpoint, sends
 * and records each batch in short transactions of its own, and sends with none open.
 */
import { runPush } from '../../server/audit/push/pushRun';
import { pushAudit } from '../../server/jobs/definitions/pushAudit';
import { handleJob } from '../handler';

export const pushAuditHandler = handleJob(pushAudit, async ({ orgId }, { inTenant, log }) => {
  await runPush(orgId, inTenant, log);
});
