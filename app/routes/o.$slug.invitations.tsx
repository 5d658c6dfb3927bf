/**
 * Invitations: invite people (addresses, roles, teams) with one result per address, and the
 * open invitations with Resend and Revoke, then the accepted and revoked ones. Needs users:invite.
 * Every action is a plain form post (works without JavaScript); with JavaScript the lists follow
 * invitations.changes live, so an acceptance shows without reloading.
 */
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useParams } from '@remix-run/react';
import { useStickyActionData } from '~/lib/useStickyActionData';
import { TRPCError } from '@trpc/server';
import { Card, Text } from '~/components/ui/tremor';
import { ZodError } from 'zod';
import { PlanLimitNotice } from '~/components/billing/PlanLimitNotice';
import { FormAlert } from '~/components/forms';
import { InvitationsLive } from '~/components/invitations/InvitationsLive';
import { InvitationTable } from '~/components/invitations/InvitationTable';
import { InviteForm } from '~/components/invitations/InviteForm';
import { InviteResults } from '~/components/invitations/InviteResults';
import { throwOrgRouteError } from '~/components/shell/orgRouteErrors.server';
import { errorCodeOf, errorDetailsOf, toActionFailure } from '~/lib/errors';
import type { InviteResult } from '../../server/invitations/schemas';
import { planLimitDetailsOf, type PlanLimitDetails } from '../../server/shared/entitlements';

export const meta: MetaFunction = () => [{ title: 'Invitations · Atrium' }];

const PAGE_SIZE = 25;

function pageParam(url: URL, name: string): number {
  const value = Number(url.searchParams.get(name) ?? '1');
  return Number.isInteger(value) && value >= 1 && value <= 10_000 ? value : 1;
}

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { caller, headers } = await context.trpc();
  const orgSlug = params.slug ?? '';
  const url = new URL(request.url);
  const [options, pending, history] = await Promise.all([
    caller.invitations.options({ orgSlug }),
    caller.invitations.list({ orgSlug, view: 'pending', page: pageParam(url, 'page'), pageSize: PAGE_SIZE }),
    caller.invitations.list({ orgSlug, view: 'history', page: pageParam(url, 'history'), pageSize: PAGE_SIZE }),
  ]).catch((error: unknown) => throwOrgRouteError(error, request, headers));
  return data({ options, pending, history }, { headers });
}

type ActionResult = {
  ok: boolean;
  message: string | null;
  results: InviteResult[] | null;
  draft: { emails: string; roleIds: string[]; teamIds: string[] } | null;
  emailsError: string | null;
  /** A seat limit refused the invitations: the page offers the upgrade. */
  planLimit?: PlanLimitDetails | null;
};

function strings(form: FormData, name: string): string[] {
  return form.getAll(name).filter((v): v is string => typeof v === 'string');
}

async function act(
  caller: Awaited<ReturnType<ActionFunctionArgs['context']['trpc']>>['caller'],
  orgSlug: string,
  form: FormData,
): Promise<ActionResult> {
  const intent = form.get('intent');
  const invitationId = String(form.get('invitationId') ?? '');
  if (intent === 'resend') {
    const { email } = await caller.invitations.resend({ orgSlug, invitationId });
    const message = `A new invitation was sent to ${email}; the previous link no longer works.`;
    return { ok: true, message, results: null, draft: null, emailsError: null };
  }
  if (intent === 'revoke') {
    const { email } = await caller.invitations.revoke({ orgSlug, invitationId });
    return {
      ok: true,
      message: `The invitation to ${email} was revoked.`,
      results: null,
      draft: null,
      emailsError: null,
    };
  }
  const draft = {
    emails: String(form.get('emails') ?? ''),
    roleIds: strings(form, 'roleIds'),
    teamIds: strings(form, 'teamIds'),
  };
  const { results } = await caller.invitations.invite({ orgSlug, ...draft });
  // What was not invited stays in the box, to fix or drop; roles and teams stay chosen with it.
  const leftOver = results.filter((r) => r.outcome === 'invalid').map((r) => r.input);
  return {
    ok: true,
    message: null,
    results,
    draft: leftOver.length ? { ...draft, emails: leftOver.join('\n') } : null,
    emailsError: null,
  };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const { caller, headers } = await context.trpc();
  const orgSlug = params.slug ?? '';
  const form = await request.formData();
  try {
    return data(await act(caller, orgSlug, form), { headers });
  } catch (error) {
    if (error instanceof TRPCError && ['UNAUTHORIZED'].includes(error.code))
      throwOrgRouteError(error, request, headers);
    const failure = toActionFailure(error);
    const emailsError =
      error instanceof TRPCError && error.cause instanceof ZodError ? (failure.fieldErrors.emails?.[0] ?? null) : null;
    const draft =
      form.get('intent') === 'invite'
        ? {
            emails: String(form.get('emails') ?? ''),
            roleIds: strings(form, 'roleIds'),
            teamIds: strings(form, 'teamIds'),
          }
        : null;
    const planLimit = errorCodeOf(error) === 'PLAN_LIMIT_REACHED' ? planLimitDetailsOf(errorDetailsOf(error)) : null;
    const result: ActionResult = { ok: false, message: failure.message, results: null, draft, emailsError, planLimit };
    return data(result, { status: 400, headers });
  }
}

function Pager({ total, page, param }: { total: number; page: number; param: string }) {
  const slug = useParams().slug ?? '';
  const pages = Math.ceil(total / PAGE_SIZE);
  if (pages <= 1) return null;
  const link = (to: number, label: string) => (
    <Link to={`/o/${slug}/invitations?${param}=${to}`} className="font-medium text-blue-700 hover:underline">
      {label}
    </Link>
  );
  return (
    <nav
      aria-label={`${param === 'page' ? 'Open invitations' : 'History'} pages`}
      className="flex items-center gap-4 text-sm"
    >
      {page > 1 ? link(page - 1, 'Previous') : null}
      <span className="text-gray-600">
        Page {page} of {pages}
      </span>
      {page < pages ? link(page + 1, 'Next') : null}
    </nav>
  );
}

export default function InvitationsPage() {
  const { options, pending, history } = useLoaderData<typeof loader>();
  const result = useStickyActionData<typeof action>();
  const slug = useParams().slug ?? '';
  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-tremor-title font-semibold text-tremor-content-strong">Invitations</h1>
          <Text className="mt-1">Invite people by email. Each link works once and expires after 7 days.</Text>
        </div>
        <InvitationsLive orgSlug={slug} />
      </div>

      <Card className="max-w-3xl space-y-4">
        <h2 className="text-lg font-semibold text-gray-900">Invite people</h2>
        {result?.message && result.planLimit ? (
          <PlanLimitNotice message={result.message} details={result.planLimit} orgSlug={slug} />
        ) : result?.message ? (
          <FormAlert message={result.message} tone={result.ok ? 'success' : 'error'} />
        ) : null}
        {result?.results ? <InviteResults results={result.results} /> : null}
        <InviteForm
          key={result?.results ? JSON.stringify(result.results.map((r) => r.input)) : 'form'}
          options={options}
          draft={result?.draft ?? null}
          fieldError={result?.emailsError}
        />
      </Card>

      <section aria-labelledby="open-invitations" className="space-y-3">
        <h2 id="open-invitations" className="text-lg font-semibold text-gray-900">
          Open invitations
        </h2>
        {pending.items.length === 0 ? (
          <Card className="p-6 text-center">
            <Text>No open invitations. Invited people appear here until they accept.</Text>
          </Card>
        ) : (
          <InvitationTable rows={pending.items} caption="Open invitations" />
        )}
        <Pager total={pending.total} page={pending.page} param="page" />
      </section>

      <section aria-labelledby="invitation-history" className="space-y-3">
        <h2 id="invitation-history" className="text-lg font-semibold text-gray-900">
          Accepted and revoked
        </h2>
        {history.items.length === 0 ? (
          <Card className="p-6 text-center">
            <Text>No invitation has been accepted or revoked yet.</Text>
          </Card>
        ) : (
          <InvitationTable rows={history.items} caption="Accepted and revoked invitations" />
        )}
        <Pager total={history.total} page={history.page} param="history" />
      </section>
    </div>
  );
}
