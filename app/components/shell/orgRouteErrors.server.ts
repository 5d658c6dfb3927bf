/**
 * How every /o/:slug page answers a refused procedure call: signed out → the login page (and
 * back here afterwards); unknown org or not a member → 404, indistinguishable from a typo, so
 * another tenant's slug leaks nothing; deactivated or missing permission → 403 with the reason.
 */
import { data, redirect } from '@remix-run/node';
import { TRPCError } from '@trpc/server';

export function throwOrgRouteError(error: unknown, request: Request, headers: Headers): never {
  if (error instanceof TRPCError) {
    if (error.code === 'UNAUTHORIZED') {
      const url = new URL(request.url);
      throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`, { headers });
    }
    // BAD_REQUEST here means the slug in the URL is not even well-formed.
    if (error.code === 'NOT_FOUND' || error.code === 'BAD_REQUEST') throw data('Not found', { status: 404, headers });
    if (error.code === 'FORBIDDEN') throw data(error.message, { status: 403, headers });
  }
  throw error;
}
