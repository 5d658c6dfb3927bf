/**
 * The server half of the team pages: reading a posted team form, and turning a refused call into
 * what the page shows — errors under their fields (taken name, cycle or depth on the parent), the
 * other admin's version on a stale save, a message otherwise. Refusals that mean "not your page"
 * (signed out, unknown org, no permission) become the login, 404 or 403 page.
 */
import { data } from '@remix-run/node';
import { TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import type { TeamView } from '../../../server/teams/teamSchemas';
import type { FieldErrors } from '~/components/forms';
import { throwOrgRouteError } from '~/components/shell/orgRouteErrors.server';
import { errorDetailsOf, toActionFailure } from '~/lib/errors';
import type { TeamFormValues } from './TeamFields';

export function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

export function readTeamForm(form: FormData): TeamFormValues {
  return {
    name: text(form, 'name'),
    description: text(form, 'description'),
    kind: text(form, 'kind') || 'team',
    parentId: text(form, 'parentId'),
  };
}

/** What create/update accept; the kind is checked by the procedure's schema. */
export function teamInput(draft: TeamFormValues) {
  return {
    name: draft.name,
    description: draft.description,
    kind: draft.kind as 'team' | 'department',
    parentId: draft.parentId === '' ? null : draft.parentId,
  };
}

export type TeamFailure = {
  ok: false;
  message: string;
  fieldErrors: FieldErrors;
  draft: TeamFormValues | null;
  /** On a stale save: the team as the other admin left it. */
  latest: TeamView | null;
};

/** Field errors keyed by input path ("parentId"), which is also the form field's name. */
function zodFieldErrors(error: ZodError): FieldErrors {
  const errors: Record<string, string[]> = {};
  for (const issue of error.issues) (errors[issue.path.join('.') || 'form'] ??= []).push(issue.message);
  return errors;
}

/** Answers a refused call made by an action (`intent` says which form it came from). */
export function teamFailure<Intent extends string>(
  intent: Intent,
  error: unknown,
  draft: TeamFormValues | null,
  request: Request,
  headers: Headers,
) {
  const details = errorDetailsOf(error);
  const reply = (status: number, failure: Omit<TeamFailure, 'ok' | 'draft'>) =>
    data({ intent, ok: false as const, draft, ...failure }, { status, headers });
  if (error instanceof TRPCError) {
    if (error.code === 'UNAUTHORIZED' || error.code === 'FORBIDDEN') throwOrgRouteError(error, request, headers);
    if (
      error.code === 'NOT_FOUND' &&
      !('teamId' in details) &&
      !('membershipIds' in details) &&
      !('membershipId' in details)
    ) {
      throwOrgRouteError(error, request, headers);
    }
    if (error.cause instanceof ZodError) {
      return reply(400, {
        message: 'Please correct the highlighted fields.',
        fieldErrors: zodFieldErrors(error.cause),
        latest: null,
      });
    }
    if (error.code === 'CONFLICT' && details.current && typeof details.current === 'object') {
      return reply(409, { message: error.message, fieldErrors: {}, latest: details.current as TeamView });
    }
    if (typeof details.field === 'string') {
      return reply(error.code === 'CONFLICT' ? 409 : 400, {
        message: error.message,
        fieldErrors: { [details.field]: [error.message] },
        latest: null,
      });
    }
    if (error.code === 'NOT_FOUND' && draft && details.teamId && details.teamId === draft.parentId) {
      return reply(400, { message: error.message, fieldErrors: { parentId: [error.message] }, latest: null });
    }
  }
  const { message } = toActionFailure(error);
  return reply(400, { message, fieldErrors: {}, latest: null });
}
