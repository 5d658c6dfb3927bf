import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData } from '@remix-run/react';
import { AuthLayout, AuthLink } from '~/components/auth/AuthLayout';
import { FormAlert, SubmitButton, TextField } from '~/components/forms';
import { toActionFailure } from '~/lib/errors';

export const meta: MetaFunction = () => [{ title: 'Reset your password · Atrium' }];

export async function loader({ context }: LoaderFunctionArgs) {
  const { headers } = await context.trpc();
  return data(null, { headers });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { caller, headers } = await context.trpc();
  const form = await request.formData();
  const email = String(form.get('email') ?? '');
  try {
    await caller.auth.requestPasswordReset({ email });
    return data({ sent: true as const, email }, { headers });
  } catch (error) {
    return data({ ...toActionFailure(error), sent: false as const, email }, { status: 400, headers });
  }
}

export default function ForgotPasswordPage() {
  const result = useActionData<typeof action>();
  const footer = (
    <p>
      Remembered it? <AuthLink to="/login">Back to sign in</AuthLink>
    </p>
  );
  if (result?.sent) {
    return (
      <AuthLayout title="Check your email" footer={footer}>
        <p role="status" className="text-sm text-gray-700">
          If an account exists for <span className="font-medium">{result.email}</span>, we&apos;ve sent a link to reset
          its password. The link works once, for one hour.
        </p>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout
      title="Reset your password"
      subtitle="Enter the email address you sign in with and we will send you a link to choose a new password."
      footer={footer}
    >
      <Form method="post" className="space-y-5" noValidate>
        <FormAlert message={result?.message} />
        <TextField
          name="email"
          label="Email"
          type="email"
          autoComplete="email"
          required
          autoFocus
          defaultValue={result?.email}
          errors={result?.fieldErrors.email}
        />
        <SubmitButton className="w-full" pendingText="Sending…">
          Send reset link
        </SubmitButton>
      </Form>
    </AuthLayout>
  );
}
