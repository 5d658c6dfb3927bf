/**
 * Wraps a job's handler for Bull: re-checks the payload (scope, then schema) and runs the handler
 * inside the tenant context it names — withTenant(orgId) as the system actor `job:<name>`, or
 * withActor(userId) for account-level jobs. A refused payload is discarded: it fails once, stays
 * in the failed list with its reason, and is never retried (Bull 4 has no UnrecoverableError).
 */
import type Bull from 'bull';
import { logger } from '../../server/logger';
import { withActor, withTenant, type Tx } from '../../server/tenancy/withTenant';
import { type JobDefinition, type JobScope, parseJobScope } from '../define';
import { validateJobPayload } from '../enqueue';

function refuseOrParse(def: JobDefinition, job: Bull.Job): { scope: JobScope; payload: JobScope } {
  try {
    return { scope: parseJobScope(def.name, job.data), payload: validateJobPayload(def, job.data) };
  } catch (error) {
    void job.discard();
    throw error;
  }
}

export function jobProcessor(def: JobDefinition): (job: Bull.Job) => Promise<void> {
  return async (job) => {
    const { scope, payload } = refuseOrParse(def, job);
    const log = logger.child({
      job: def.name,
      jobId: job.id,
      orgId: scope.orgId,
      userId: scope.orgId === null ? scope.userId : undefined,
      attempt: job.attemptsMade + 1,
    });
    const run = (tx: Tx) => def.handler(payload, { tx, log, job });
    if (scope.orgId === null) await withActor(scope.userId, run);
    else await withTenant(scope.orgId, { type: 'system', name: `job:${def.name}` }, run);
  };
}
