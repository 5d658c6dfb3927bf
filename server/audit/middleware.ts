/**
 * The tRPC adapter of the audit core (./auditedAction.ts) — every tRPC mutation in an organization
 * is audited by it, never by hand.
 *
 *   auditMutations (on memberProcedure, before the gate) opens the audit scope of a call from the
 *     procedure's meta, the principal and the request. The gate names the org as soon as it
 *     resolves it (enterAuditOrg), so everything after that is audited: a FORBIDDEN at the gate
 *     with its reason, a deactivated membership, invalid input, a conflict, an unexpected error.
 *   orgProcedure's unit of work calls captureAuditBefore before the resolver and
 *     recordAuditSuccess after it, so the success event commits with the change or not at all.
 *   On failure the transaction has rolled back (taking any success event with it); settleAudit
 *     writes the failure event in a transaction of its own.
 *
 * Queries and subscriptions are recorded only when the gate refuses them: a denied attempt on a
 * protected procedure is evidence, a permitted read is not an event. Mutations before an org is
 * known (login, signup, creating an org, account settings) are not org events and are not
 * recorded here (docs/decisions/010-audit.md).
 */
import { t } from '../trpc/init';
import { openAudit, settleAudit } from './auditedAction';
import { runInAuditScope } from './scope';

export const auditMutations = t.middleware(async ({ ctx, type, path, meta, next, getRawInput }) => {
  if (!ctx.principal) return next();
  const isMutation = type === 'mutation';
  const scope = openAudit({
    path,
    declaration: meta?.audit ?? null,
    isMutation,
    principal: ctx.principal,
    request: { ip: ctx.req.ip, userAgent: ctx.req.userAgent, requestId: ctx.req.requestId },
    rawInput: isMutation ? await getRawInput().catch(() => undefined) : undefined,
  });
  const result = await runInAuditScope(scope, () => next());
  await settleAudit(scope, result.ok ? { ok: true, output: result.data } : { ok: false, error: result.error }, ctx.log);
  return result;
});
