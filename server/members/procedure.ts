/**
 * The procedure for member lifecycle changes: orgProcedure's tenant transaction — with the audit
 * capture orgProcedure does (before-state, then the success event in the same transaction) — plus
 * work that must wait until that transaction has committed: closing a signed-out person's
 * WebSockets on every node (done earlier, a reconnect could still find the old session). Tasks
 * queued with `ctx.afterCommit` run only when the resolver succeeded and the commit went through;
 * a failing task is logged, never turned into an error for a change that is already saved.
 * Keep the transaction part in step with orgProcedure (server/trpc/procedures.ts).
 */
import { captureAuditBefore, recordAuditSuccess } from '../audit/middleware';
import { withTenant } from '../tenancy/withTenant';
import { memberProcedure } from '../trpc/procedures';

export type AfterCommit = (task: () => Promise<void>) => void;

export const memberLifecycleProcedure = memberProcedure.use(async ({ ctx, path, next }) => {
  const tasks: (() => Promise<void>)[] = [];
  const afterCommit: AfterCommit = (task) => {
    tasks.push(task);
  };
  const result = await withTenant(ctx.org.id, ctx.actor, async (db) => {
    await captureAuditBefore(db, path);
    const inner = await next({ ctx: { db, afterCommit } });
    if (!inner.ok) throw inner.error;
    await recordAuditSuccess(db, path, inner.data);
    return inner;
  });
  for (const task of tasks) {
    await task().catch((error: unknown) => ctx.log.error({ err: error }, 'after-commit task failed'));
  }
  return result;
});
