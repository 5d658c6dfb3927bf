/**
 * A resource route of an org asked with a method it does not serve (GET on a download that is a
 * form POST, say). Without this, Remix answers 400 "Unexpected Server Error" to anyone. A member
 * learns which methods the address takes (405 with Allow); anyone else gets the same 404 (or
 * sign-in) as on every org page, so the address reveals nothing about the org.
 */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { throwOrgResourceError } from './orgRouteErrors.server';

export async function refuseMethod(
  { params, request, context }: Pick<LoaderFunctionArgs, 'params' | 'request' | 'context'>,
  allow: readonly ('GET' | 'POST')[],
): Promise<never> {
  const { caller, headers } = await context.trpc();
  await caller.orgs
    .current({ orgSlug: params.slug ?? '' })
    .catch((error: unknown) => throwOrgResourceError(error, request, headers));
  headers.set('Allow', allow.join(', '));
  headers.set('Content-Type', 'text/plain; charset=utf-8');
  throw new Response(`This address answers ${allow.join(' and ')} only.`, { status: 405, headers });
}
