/**
 * How every /o/:slug page answers a refused procedure call: signed out → the login page (and
 * back here afterwards); unknown org or not a member → 404, indistinguishable from a typo, so
 * another tenant's slug leaks nothing; deactivated or missing permission → 403 saying, in words,
 * what is missing and who can grant it (never the permission's code).
 */
import { data, redirect } from '@remix-run/node';
import { TRPCError } from '@trpc/server';
import { errorCodeOf, errorDetailsOf } from '~/lib/errors';
import { isPermission, PERMISSIONS, type Permission } from '../../../server/shared/permissions';

const GRANTED_BY = 'An Owner or an Admin of this organization can give you a role that does.';

/** "Your roles here do not let you view the audit trail. An Owner or an Admin … can give you …" */
export function missingPermissionMessage(permission: Permission): string {
  const what = PERMISSIONS[permission];
  return `Your roles here do not let you ${what.charAt(0).toLowerCase()}${what.slice(1)}. ${GRANTED_BY}`;
}

/** The 403 page for a member whose roles lack `permission`. */
export function throwMissingPermission(permission: Permission, headers: Headers): never {
  throw data(missingPermissionMessage(permission), { status: 403, headers });
}

function forbiddenMessage(error: TRPCError): string {
  const { permission } = errorDetailsOf(error);
  if (typeof permission !== 'string' || !isPermission(permission)) return error.message;
  if (errorCodeOf(error) !== 'CONDITION_UNMET') return missingPermissionMessage(permission);
  const what = PERMISSIONS[permission].toLowerCase();
  return `Your role lets you ${what} only under conditions that do not hold for this request. An Owner or an Admin of this organization can change them.`;
}

type Refusal = { redirectTo: string } | { status: 403 | 404; message: string };

/** What a refused call means for the page or download that made it; null when it was not a refusal. */
function refusalFor(error: unknown, request: Request): Refusal | null {
  if (!(error instanceof TRPCError)) return null;
  if (error.code === 'UNAUTHORIZED') {
    const url = new URL(request.url);
    return { redirectTo: `/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}` };
  }
  // BAD_REQUEST here means the slug in the URL is not even well-formed.
  if (error.code === 'NOT_FOUND' || error.code === 'BAD_REQUEST') return { status: 404, message: 'Not found' };
  if (error.code === 'FORBIDDEN') return { status: 403, message: forbiddenMessage(error) };
  return null;
}

/** For pages: the login redirect, or the 404/403 error page. */
export function throwOrgRouteError(error: unknown, request: Request, headers: Headers): never {
  const refusal = refusalFor(error, request);
  if (!refusal) throw error;
  if ('redirectTo' in refusal) throw redirect(refusal.redirectTo, { headers });
  throw data(refusal.message, { status: refusal.status, headers });
}

/**
 * For resource routes (downloads, uploads): the same decisions as plain responses. A thrown
 * data() leaves a resource route as 500-style "Unexpected Server Error" JSON in production.
 */
export function throwOrgResourceError(error: unknown, request: Request, headers: Headers): never {
  const refusal = refusalFor(error, request);
  if (!refusal) throw error;
  if ('redirectTo' in refusal) throw redirect(refusal.redirectTo, { headers });
  headers.set('Content-Type', 'text/plain; charset=utf-8');
  headers.set('Cache-Control', 'no-store');
  throw new Response(refusal.message, { status: refusal.status, headers });
}
