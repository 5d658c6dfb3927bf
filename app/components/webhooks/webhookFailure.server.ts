/**
 * A refused webhooks call turned into what the page shows: errors next to the fields (the input
 * schema's, and a URL the server will not call on the url field), a stale save, or a message.
 * Refusals that mean "not your page" — signed out, no permission, no such org or endpoint — become
 * the login, 403 or 404 page instead. Branches on codes, never on message text; never lets an
 * internal error's text through (toActionFailure rethrows it).
 */
import { TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import type { FieldErrors } from '~/components/forms';
import { throwOrgRouteError } from '~/components/shell/orgRouteErrors.server';
import { errorCodeOf, errorDetailsOf, toActionFailure } from '~/lib/errors';

export type WebhookFailure = { status: number; message: string; fieldErrors: FieldErrors; isStale: boolean };

/** Field errors keyed by input path ("url", "eventTypes"), which is also the form field's name. */
function zodFieldErrors(error: ZodError): FieldErrors {
  const errors: Record<string, string[]> = {};
  for (const issue of error.issues) (errors[String(issue.path[0] ?? 'form')] ??= []).push(issue.message);
  return errors;
}

/** A refusal that is the page's, not the form's: its error page answers it. */
function isPageRefusal(error: unknown): boolean {
  if (!(error instanceof TRPCError)) return false;
  if (error.code === 'UNAUTHORIZED' || error.code === 'FORBIDDEN') return true;
  return error.code === 'NOT_FOUND' && errorCodeOf(error) !== 'WEBHOOK_DELIVERY_NOT_FOUND';
}

export function webhookFailure(error: unknown, request: Request, headers: Headers): WebhookFailure {
  if (isPageRefusal(error)) throwOrgRouteError(error, request, headers);
  if (error instanceof TRPCError && error.cause instanceof ZodError) {
    return {
      status: 400,
      message: 'Please correct the highlighted fields.',
      fieldErrors: zodFieldErrors(error.cause),
      isStale: false,
    };
  }
  const { message } = toActionFailure(error);
  const code = errorCodeOf(error);
  const field = errorDetailsOf(error).field;
  if (code === 'WEBHOOK_URL_REFUSED') {
    return { status: 400, message: 'Please correct the URL.', fieldErrors: { url: [message] }, isStale: false };
  }
  if (code === 'STALE_VERSION') return { status: 409, message, fieldErrors: {}, isStale: true };
  const status = error instanceof TRPCError && error.code === 'CONFLICT' ? 409 : 400;
  if (typeof field === 'string' && field !== 'version') {
    return { status, message, fieldErrors: { [field]: [message] }, isStale: false };
  }
  return { status, message, fieldErrors: {}, isStale: false };
}
