/**
 * The procedure for member lifecycle changes: orgProcedure's tenant transaction, plus work that
 * must wait until that transaction has committed (closing a signed-out person's WebSockets on
 * every node — done earlier, a reconnect could still find the old session). Tasks queued with
 * `ctx.afterCommit` run only when the resolver succeeded and the commit went through; a failing
 * task is logged, never turned into an error for a change that is already saved.
 */
import { memberProcedure } from '../trpc/procedures';
import { withTenant } from '../tenancy/withTenant';

export type AfterCommit = (task: () => Promise<void>) => void;

export const memberLifecycleProcedure = memberProcedure.use(async ({ ctx, next }) => {
  const tasks: (() => Promise<void>)[] = [];
  const afterCommit: AfterCommit = (task) => {
    tasks.push(task);
  };
  const result = await withTenant(ctx.org.id, ctx.actor, async (db) => {
    const inner = await next({ ctx: { db, afterCommit } });
    if (!inner.ok) throw inner.error;
    return inner;
  });
  for (const task of tasks) {
    await task().catch((error: unknown) => ctx.log.error({ err: error }, 'after-commit task failed'));
  }
  return result;
});
