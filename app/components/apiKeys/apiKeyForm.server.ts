/**
 * The API keys page's form posts read into procedure inputs, and a refused call turned into what
 * the page shows: a message and errors next to the fields, in words. Never lets a token or an
 * internal error text through.
 */
import { TRPCError } from '@trpc/server';
import { errorCodeOf, errorDetailsOf, toActionFailure } from '~/lib/errors';
import { API_KEY_INTENTS, GRACE_CHOICES, type ApiKeyActionResult, type ApiKeyIntent } from './apiKeyChoices';

export function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

export function intentOf(form: FormData): ApiKeyIntent | null {
  const raw = field(form, 'intent');
  return (API_KEY_INTENTS as readonly string[]).includes(raw) ? (raw as ApiKeyIntent) : null;
}

export type CreateDraft = { name: string; scopes: string[]; expiresOn: string; ipAllowlist: string };

export function readCreateDraft(form: FormData): CreateDraft {
  return {
    name: field(form, 'name'),
    scopes: form.getAll('scopes').filter((value): value is string => typeof value === 'string'),
    expiresOn: field(form, 'expiresOn'),
    ipAllowlist: field(form, 'ipAllowlist'),
  };
}

/** The expiry date a person picked (a calendar day): the key works until the end of that day, UTC. */
export function expiryOf(expiresOn: string, now = new Date()): Date | null | 'invalid' {
  const day = expiresOn.trim();
  if (day === '') return null;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return 'invalid';
  const end = new Date(`${day}T23:59:59.999Z`);
  // Date rolls 2027-02-31 over to March: a day that does not read back is not a day.
  if (Number.isNaN(end.getTime()) || end.toISOString().slice(0, 10) !== day) return 'invalid';
  return end <= now ? 'invalid' : end;
}

export function allowlistOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

export function graceOf(form: FormData): number {
  const hours = Number(field(form, 'graceHours'));
  return GRACE_CHOICES.some((choice) => choice.hours === hours) ? hours : 0;
}

/**
 * What a refused call shows. Field errors come from the input schemas or from a refusal that names
 * its field (scopes not held, the name to type). Access refusals are not handled here: the route
 * renders them as its error page.
 */
export function apiKeyFailure(
  error: unknown,
): Pick<ApiKeyActionResult, 'message' | 'fieldErrors' | 'needsConfirmName'> & { status: number } {
  const failure = toActionFailure(error);
  const code = errorCodeOf(error);
  const fieldName = errorDetailsOf(error).field;
  const fieldErrors = { ...failure.fieldErrors };
  if (typeof fieldName === 'string' && code !== 'INVALID_INPUT') fieldErrors[fieldName] = [failure.message];
  const status = error instanceof TRPCError && error.code === 'CONFLICT' ? 409 : 400;
  return { message: failure.message, fieldErrors, needsConfirmName: code === 'API_KEY_CONFIRMATION_REQUIRED', status };
}
