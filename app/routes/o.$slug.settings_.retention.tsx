/**
 * How long the org keeps its audit trail (audit.retention / audit.setRetention; org:update to
 * change, audit:read to see). The longest allowed is the plan's (useEntitlements()), which the
 * form shows and the server enforces; asking for more is refused with an upgrade offer.
 */
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useParams } from '@remix-run/react';
import { useStickyActionData } from '~/lib/useStickyActionData';
import { TRPCError } from '@trpc/server';
import { PlanLimitNotice } from '~/components/billing/PlanLimitNotice';
import { FormAlert, SubmitButton, fieldInputClass } from '~/components/forms';
import { throwMissingPermission, throwOrgRouteError } from '~/components/shell/orgRouteErrors.server';
import { Card, Text } from '~/components/ui/tremor';
import { useEntitlements } from '~/lib/entitlements';
import { errorCodeOf, errorDetailsOf, toActionFailure } from '~/lib/errors';
import { planLimitDetailsOf } from '../../server/shared/entitlements';

export const meta: MetaFunction = () => [{ title: 'Audit retention · Atrium' }];

/** The shortest retention any plan keeps (the database's floor, server/audit/retention.ts). */
const MIN_DAYS = 30;

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { caller, headers } = await context.trpc();
  const orgSlug = params.slug ?? '';
  const [current, retention] = await Promise.all([
    caller.orgs.current({ orgSlug }),
    caller.audit.retention({ orgSlug }),
  ]).catch((error: unknown) => throwOrgRouteError(error, request, headers));
  if (!current.permissions.includes('org:update')) throwMissingPermission('org:update', headers);
  return data({ retentionDays: retention.retentionDays }, { headers });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const { caller, headers } = await context.trpc();
  const orgSlug = params.slug ?? '';
  const form = await request.formData();
  const retentionDays = Number(form.get('retentionDays'));
  try {
    const saved = await caller.audit.setRetention({ orgSlug, retentionDays });
    return data(
      { ok: true as const, message: `Audit events are now kept for ${saved.retentionDays} days.`, planLimit: null },
      { headers },
    );
  } catch (error) {
    if (
      error instanceof TRPCError &&
      ['UNAUTHORIZED', 'FORBIDDEN'].includes(error.code) &&
      !errorCodeOf(error)?.startsWith('PLAN_')
    ) {
      throwOrgRouteError(error, request, headers);
    }
    const failure = toActionFailure(error);
    const message =
      errorCodeOf(error) === 'INVALID_INPUT' ? `Enter a whole number of days, at least ${MIN_DAYS}.` : failure.message;
    const planLimit = errorCodeOf(error) === 'PLAN_LIMIT_REACHED' ? planLimitDetailsOf(errorDetailsOf(error)) : null;
    return data({ ok: false as const, message, planLimit }, { status: 400, headers });
  }
}

export default function AuditRetention() {
  const { retentionDays } = useLoaderData<typeof loader>();
  const result = useStickyActionData<typeof action>();
  const entitlements = useEntitlements();
  const slug = useParams().slug ?? '';
  const maxDays = entitlements?.auditRetentionDays ?? retentionDays;
  const isOverPlan = retentionDays > maxDays;
  return (
    <Card className="max-w-3xl space-y-4">
      <div>
        <h1 className="text-tremor-title font-semibold text-tremor-content-strong">Audit retention</h1>
        <Text className="mt-1">
          How long the audit trail keeps its events. Older events are deleted every night.{' '}
          <Link to={`/o/${slug}/settings`} className="font-medium text-blue-700 hover:underline">
            Back to the organization profile
          </Link>
        </Text>
      </div>
      {result?.planLimit ? (
        <PlanLimitNotice message={result.message} details={result.planLimit} orgSlug={slug} />
      ) : result ? (
        <FormAlert message={result.message} tone={result.ok ? 'success' : 'error'} />
      ) : null}
      {isOverPlan ? (
        <Text>
          The current setting ({retentionDays} days) is longer than your {entitlements?.planName} plan allows; it stays
          until you change it, and can only be shortened to {maxDays} days or less.
        </Text>
      ) : null}
      <Form method="post" className="space-y-4">
        <div className="space-y-1">
          <label htmlFor="retention-days" className="block text-sm font-medium text-gray-700">
            Keep audit events for (days)
          </label>
          <input
            id="retention-days"
            name="retentionDays"
            type="number"
            inputMode="numeric"
            min={MIN_DAYS}
            max={maxDays}
            required
            defaultValue={retentionDays}
            aria-describedby="retention-days-hint"
            className={`${fieldInputClass(false)} max-w-40`}
          />
          <p id="retention-days-hint" className="text-sm text-gray-600" data-testid="retention-max">
            Between {MIN_DAYS} and {maxDays} days on the {entitlements?.planName ?? 'current'} plan.
          </p>
        </div>
        <div className="flex justify-end">
          <SubmitButton pendingText="Saving…">Save retention</SubmitButton>
        </div>
      </Form>
    </Card>
  );
}
