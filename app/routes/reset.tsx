import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { AuthLayout, AuthLink } from '~/components/auth/AuthLayout';
import { FormAlert, NewPasswordField, SubmitButton, TextField } from '~/components/forms';
import { toActionFailure, type ActionFailure } from '~/lib/errors';

export const meta: MetaFunction = () => [{ title: 'Choose a new password · Atrium' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { headers } = await context.trpc();
  return data({ token: new URL(request.url).searchParams.get('token') ?? '' }, { headers });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { caller, headers } = await context.trpc();
  const form = await request.formData();
  const password = String(form.get('password') ?? '');
  if (password !== String(form.get('confirmPassword') ?? '')) {
    const mismatch: ActionFailure = {
      ok: false,
      message: 'The two passwords do not match.',
      fieldErrors: { confirmPassword: ['Enter the same password twice'] },
    };
    return data(mismatch, { status: 400, headers });
  }
  try {
    await caller.auth.resetPassword({ token: String(form.get('token') ?? ''), password });
    return redirect('/login?notice=password-reset', { headers });
  } catch (error) {
    const failure = toActionFailure(error);
    // A bad token is the link's fault, not a field the person can fix.
    const { token: tokenErrors, ...fieldErrors } = failure.fieldErrors;
    return data({ ...failure, message: tokenErrors?.[0] ?? failure.message, fieldErrors }, { status: 400, headers });
  }
}

export default function ResetPasswordPage() {
  const { token } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const footer = (
    <p>
      Link not working? <AuthLink to="/forgot">Request a new one</AuthLink>
    </p>
  );
  if (!token) {
    return (
      <AuthLayout title="Choose a new password" footer={footer}>
        <FormAlert message="This reset link is incomplete. Open the link from the email again, or request a new one." />
      </AuthLayout>
    );
  }
  return (
    <AuthLayout
      title="Choose a new password"
      subtitle="After this, you will be signed out everywhere and can sign in with the new password."
      footer={footer}
    >
      <Form method="post" className="space-y-5" noValidate>
        <FormAlert message={failure?.message} />
        <input type="hidden" name="token" value={token} />
        <NewPasswordField name="password" label="New password" autoFocus errors={failure?.fieldErrors.password} />
        <TextField
          name="confirmPassword"
          label="Confirm new password"
          type="password"
          autoComplete="new-password"
          required
          maxLength={128}
          errors={failure?.fieldErrors.confirmPassword}
        />
        <SubmitButton className="w-full" pendingText="Saving…">
          Set new password
        </SubmitButton>
      </Form>
    </AuthLayout>
  );
}
