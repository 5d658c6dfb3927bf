/**
 * The invitation link's page (public). It shows the organization, who invited and the address;
 * then, for a link that can still be used: a new person sets name and password, the signed-in
 * person it was sent to joins with one button, and someone signed in with another address is
 * told so and offered to sign out. Invalid, expired, used and revoked links say which, and
 * accepting leads into the organization.
 */
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { TRPCError } from '@trpc/server';
import { AuthLayout, AuthLink } from '~/components/auth/AuthLayout';
import { FormAlert } from '~/components/forms';
import { AcceptInvitation } from '~/components/invitations/AcceptInvitation';
import { toActionFailure } from '~/lib/errors';
import { INVALID_INVITATION_LINK, ZInvitationToken } from '../../server/shared/invitationToken';

export const meta: MetaFunction = () => [
  { title: 'Invitation · Atrium' },
  // The path holds a one-time token: keep it out of search engines.
  { name: 'robots', content: 'noindex' },
];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const { caller, headers, user } = await context.trpc();
  const token = params.token ?? '';
  const viewer = user ? { email: user.email, name: user.name } : null;
  if (!ZInvitationToken.safeParse(token).success) {
    return data({ token, viewer, preview: null, problem: INVALID_INVITATION_LINK }, { status: 404, headers });
  }
  try {
    const preview = await caller.invitations.preview({ token });
    return data({ token, viewer, preview, problem: preview.message }, { headers });
  } catch (error) {
    if (error instanceof TRPCError && error.code !== 'INTERNAL_SERVER_ERROR') {
      const status = error.code === 'NOT_FOUND' ? 404 : error.code === 'TOO_MANY_REQUESTS' ? 429 : 400;
      return data({ token, viewer, preview: null, problem: error.message }, { status, headers });
    }
    throw error;
  }
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const { caller, headers } = await context.trpc();
  const token = params.token ?? '';
  const form = await request.formData();
  const intent = form.get('intent');
  const name = String(form.get('name') ?? '');
  try {
    if (intent === 'signout') {
      await caller.auth.logout().catch((error: unknown) => {
        if (!(error instanceof TRPCError && error.code === 'UNAUTHORIZED')) throw error;
      });
      return redirect(`/invite/${token}`, { headers });
    }
    const { orgSlug } =
      intent === 'join'
        ? await caller.invitations.acceptAsCurrentUser({ token })
        : await caller.invitations.acceptNewUser({ token, name, password: String(form.get('password') ?? '') });
    return redirect(`/o/${orgSlug}`, { headers });
  } catch (error) {
    const failure = toActionFailure(error);
    const { token: tokenErrors, ...fieldErrors } = failure.fieldErrors;
    return data(
      { message: tokenErrors?.[0] ?? failure.message, fieldErrors, name },
      { status: error instanceof TRPCError && error.code === 'TOO_MANY_REQUESTS' ? 429 : 400, headers },
    );
  }
}

export default function InvitePage() {
  const { token, viewer, preview, problem } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  if (!preview || preview.state !== 'valid') {
    return (
      <AuthLayout
        title={preview ? `Invitation to ${preview.org.name}` : 'Invitation'}
        footer={<p>{viewer ? <AuthLink to="/">Go to Atrium</AuthLink> : <AuthLink to="/login">Sign in</AuthLink>}</p>}
      >
        <FormAlert message={problem ?? INVALID_INVITATION_LINK} />
      </AuthLayout>
    );
  }
  const inviter = preview.inviterName ?? 'An admin';
  return (
    <AuthLayout
      title={`Join ${preview.org.name}`}
      subtitle={`${inviter} invited ${preview.email} to join ${preview.org.name} on Atrium.`}
    >
      <AcceptInvitation
        invitedEmail={preview.email}
        orgName={preview.org.name}
        viewer={viewer}
        token={token}
        failure={failure ?? null}
      />
    </AuthLayout>
  );
}
