/**
 * Wraps a job's handler for Bull: re-checks the payload (scope, then schema) and runs the handler
 * inside the tenant context it names — the org with the system actor `job:<name>`, or the user
 * with no org for account-level jobs — handing it `inTenant` for short transactions in that
 * context (withTenant / withActor). No transaction is open while the handler runs otherwise, so
 * none is held across its network I/O. A refused payload is discarded: it fails once, stays in
 * the failed list with its reason, and is never retried (Bull 4 has no UnrecoverableError).
 */
import type Bull from 'bull';
import { type JobScope, parseJobScope } from '../../server/jobs/define';
import { validateJobPayload } from '../../server/jobs/enqueue';
import { logger } from '../../server/logger';
import { runInScope, type TenantScope } from '../../server/tenancy/context';
import { withActor, withTenant } from '../../server/tenancy/withTenant';
import type { JobContext, JobHandler } from '../handler';

function refuseOrParse(handler: JobHandler, job: Bull.Job): { scope: JobScope; payload: JobScope } {
  try {
    return { scope: parseJobScope(handler.job.name, job.data), payload: validateJobPayload(handler.job, job.data) };
  } catch (error) {
    void job.discard();
    throw error;
  }
}

const systemPrincipalOf = (jobName: string) => ({ type: 'system', name: `job:${jobName}` }) as const;

function tenantScopeOf(scope: JobScope, jobName: string): TenantScope {
  if (scope.orgId === null) return { orgId: null, principal: { type: 'user', userId: scope.userId } };
  return { orgId: scope.orgId, principal: systemPrincipalOf(jobName) };
}

function inTenantFor(scope: JobScope, jobName: string): JobContext['inTenant'] {
  if (scope.orgId === null) {
    const { userId } = scope;
    return (fn) => withActor(userId, fn);
  }
  const { orgId } = scope;
  return (fn) => withTenant(orgId, systemPrincipalOf(jobName), fn);
}

export function jobProcessor(handler: JobHandler): (job: Bull.Job) => Promise<void> {
  const { name, version } = handler.job;
  return async (job) => {
    const { scope, payload } = refuseOrParse(handler, job);
    const log = logger.child({
      job: name,
      version,
      jobId: job.id,
      orgId: scope.orgId,
      userId: scope.orgId === null ? scope.userId : undefined,
      attempt: job.attemptsMade + 1,
    });
    const ctx = { log, job, inTenant: inTenantFor(scope, name) };
    await runInScope(tenantScopeOf(scope, name), () => handler.run(payload, ctx));
  };
}
