import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { AuthLayout, AuthLink } from '~/components/auth/AuthLayout';
import { FormAlert, SubmitButton, TextField } from '~/components/forms';
import { toActionFailure } from '~/lib/errors';

export const meta: MetaFunction = () => [{ title: 'Sign in · Atrium' }];

const NOTICES: Record<string, string> = {
  'password-reset': 'Your password has been changed. Sign in with your new password.',
  'signed-out': 'You have been signed out.',
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { caller, headers, user } = await context.trpc();
  const url = new URL(request.url);
  const redirectTo = url.searchParams.get('redirectTo') ?? undefined;
  if (user) {
    const home = await caller.account.home({ redirectTo });
    throw redirect(home.redirectTo, { headers });
  }
  const notice = NOTICES[url.searchParams.get('notice') ?? ''] ?? null;
  return data({ redirectTo: redirectTo ?? '', notice }, { headers });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { caller, headers } = await context.trpc();
  const form = await request.formData();
  const email = String(form.get('email') ?? '');
  try {
    const { redirectTo } = await caller.auth.login({
      email,
      password: String(form.get('password') ?? ''),
      redirectTo: String(form.get('redirectTo') ?? '') || undefined,
    });
    return redirect(redirectTo, { headers });
  } catch (error) {
    return data({ ...toActionFailure(error), email }, { status: 400, headers });
  }
}

export default function LoginPage() {
  const { redirectTo, notice } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <AuthLayout
      title="Sign in to Atrium"
      footer={
        <p>
          New here? <AuthLink to="/signup">Create an account</AuthLink>
        </p>
      }
    >
      <Form method="post" className="space-y-5" noValidate>
        {failure ? <FormAlert message={failure.message} /> : <FormAlert message={notice} tone="success" />}
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextField
          name="email"
          label="Email"
          type="email"
          autoComplete="email"
          required
          autoFocus
          defaultValue={failure?.email}
          errors={failure?.fieldErrors.email}
        />
        <TextField
          name="password"
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          errors={failure?.fieldErrors.password}
        />
        <div className="flex items-center justify-between gap-4">
          <AuthLink to="/forgot">Forgot your password?</AuthLink>
          <SubmitButton pendingText="Signing in…">Sign in</SubmitButton>
        </div>
      </Form>
    </AuthLayout>
  );
}
