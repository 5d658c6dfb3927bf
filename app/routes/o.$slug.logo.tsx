/**
 * The organization's logo as a resource. GET serves it to members only (404 for anyone else,
 * like every org page), with its sniffed content type (nosniff and the CSP come from the app's
 * security headers) and a private cache (immutable when the URL names the current version).
 * POST uploads (multipart, field "logo") or
 * removes it (intent=remove) — Owner/Admin (org:update) — and redirects back to the settings
 * page with the outcome, so the settings form works without JavaScript.
 */
import {
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  MaxPartSizeExceededError,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
} from '@remix-run/node';
import { TRPCError } from '@trpc/server';
import { throwOrgResourceError } from '~/components/shell/orgRouteErrors.server';
import { errorCodeOf } from '~/lib/errors';
import { MAX_LOGO_BYTES, type LogoMessageCode } from '../../server/shared/logoMessages';

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { caller, headers } = await context.trpc();
  const orgSlug = params.slug ?? '';
  let logo;
  try {
    logo = await caller.orgs.logo({ orgSlug });
  } catch (error) {
    if (error instanceof TRPCError && ['UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'BAD_REQUEST'].includes(error.code)) {
      return new Response('Not found', { status: 404, headers: { 'Cache-Control': 'no-store' } });
    }
    throw error;
  }
  if (!logo) return new Response('Not found', { status: 404, headers: { 'Cache-Control': 'private, no-cache' } });
  const version = String(logo.updatedAt.getTime());
  const isVersioned = new URL(request.url).searchParams.get('v') === version;
  // X-Content-Type-Options: nosniff and a strict Content-Security-Policy come from the security
  // headers every response gets (server/http/security.ts); setting them here would send them twice.
  headers.set('Content-Type', logo.contentType);
  headers.set('Content-Disposition', 'inline; filename="logo"');
  headers.set('ETag', `"${version}"`);
  headers.set('Cache-Control', isVersioned ? 'private, max-age=31536000, immutable' : 'private, no-cache');
  if (request.headers.get('If-None-Match') === `"${version}"`) return new Response(null, { status: 304, headers });
  return new Response(Buffer.from(logo.base64, 'base64'), { status: 200, headers });
}

function codeFor(error: unknown): LogoMessageCode | null {
  if (error instanceof MaxPartSizeExceededError) return 'too-large';
  switch (errorCodeOf(error)) {
    // INVALID_INPUT: the only input rule of setLogo a browser can break is the encoded size.
    case 'LOGO_TOO_LARGE':
    case 'INVALID_INPUT':
      return 'too-large';
    case 'LOGO_SVG_REFUSED':
      return 'svg';
    case 'LOGO_WRONG_TYPE':
      return 'type';
    case 'LOGO_EMPTY':
      return 'empty';
    default:
      return null;
  }
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const { caller, headers } = await context.trpc();
  const orgSlug = params.slug ?? '';
  const back = (code: LogoMessageCode) => redirect(`/o/${orgSlug}/settings?logo=${code}`, { headers });
  try {
    const isMultipart = (request.headers.get('Content-Type') ?? '').startsWith('multipart/form-data');
    const form = isMultipart
      ? await unstable_parseMultipartFormData(
          request,
          unstable_createMemoryUploadHandler({ maxPartSize: MAX_LOGO_BYTES, filter: ({ name }) => name === 'logo' }),
        )
      : await request.formData();
    if (form.get('intent') === 'remove') {
      await caller.orgs.removeLogo({ orgSlug });
      return back('removed');
    }
    const file = form.get('logo');
    const bytes = file instanceof Blob ? Buffer.from(await file.arrayBuffer()) : Buffer.alloc(0);
    if (bytes.length === 0) return back('empty');
    await caller.orgs.setLogo({ orgSlug, base64: bytes.toString('base64') });
    return back('saved');
  } catch (error) {
    const code = codeFor(error);
    if (code) return back(code);
    throwOrgResourceError(error, request, headers);
  }
}
