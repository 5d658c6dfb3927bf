/**
 * The body of the accept page for a valid link, by who is looking: a new person (name and
 * password), the signed-in person the invitation is for ("Join"), or someone signed in with
 * another address (the reason, and a way to sign out). Plain POST forms throughout.
 */
import { Form } from '@remix-run/react';
import { AuthLink } from '~/components/auth/AuthLayout';
import { FormAlert, NewPasswordField, SubmitButton, TextField, type FieldErrors } from '~/components/forms';

export type Viewer = { email: string; name: string } | null;

type Failure = { message: string; fieldErrors: FieldErrors; name?: string } | null;

export function AcceptInvitation({
  invitedEmail,
  orgName,
  viewer,
  token,
  failure,
}: {
  invitedEmail: string;
  orgName: string;
  viewer: Viewer;
  token: string;
  failure: Failure;
}) {
  if (viewer && viewer.email.toLowerCase() !== invitedEmail.toLowerCase()) {
    return (
      <div className="space-y-5">
        <FormAlert
          message={`This invitation is for ${invitedEmail}; you are signed in as ${viewer.email}. Sign out, then open the link again.`}
        />
        <Form method="post">
          <input type="hidden" name="intent" value="signout" />
          <SubmitButton className="w-full" variant="secondary" pendingText="Signing out…">
            Sign out
          </SubmitButton>
        </Form>
      </div>
    );
  }
  if (viewer) {
    return (
      <Form method="post" className="space-y-5">
        <FormAlert message={failure?.message} />
        <input type="hidden" name="intent" value="join" />
        <p className="text-sm text-gray-700">
          You are signed in as <strong>{viewer.email}</strong>.
        </p>
        <SubmitButton className="w-full" pendingText="Joining…">
          Join {orgName}
        </SubmitButton>
      </Form>
    );
  }
  return (
    <div className="space-y-5">
      <Form method="post" className="space-y-5" noValidate>
        <FormAlert message={failure?.message} />
        <input type="hidden" name="intent" value="create" />
        <p className="text-sm text-gray-700">
          Create your account for <strong>{invitedEmail}</strong>.
        </p>
        <TextField
          name="name"
          label="Your name"
          autoComplete="name"
          required
          autoFocus
          maxLength={100}
          defaultValue={failure?.name}
          errors={failure?.fieldErrors.name}
        />
        <NewPasswordField name="password" label="Password" errors={failure?.fieldErrors.password} />
        <SubmitButton className="w-full" pendingText="Creating your account…">
          Create account and join
        </SubmitButton>
      </Form>
      <p className="text-center text-sm text-gray-600">
        Already have an account for {invitedEmail}?{' '}
        <AuthLink to={`/login?redirectTo=${encodeURIComponent(`/invite/${token}`)}`}>Sign in</AuthLink>
      </p>
    </div>
  );
}
