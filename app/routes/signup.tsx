import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData } from '@remix-run/react';
import { TRPCError } from '@trpc/server';
import { AuthLayout, AuthLink } from '~/components/auth/AuthLayout';
import { FormAlert, NewPasswordField, SubmitButton, TextField } from '~/components/forms';
import { toActionFailure } from '~/lib/errors';

export const meta: MetaFunction = () => [{ title: 'Create your account · Atrium' }];

export async function loader({ context }: LoaderFunctionArgs) {
  const { caller, headers, user } = await context.trpc();
  if (user) {
    const home = await caller.account.home({});
    throw redirect(home.redirectTo, { headers });
  }
  return data(null, { headers });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { caller, headers } = await context.trpc();
  const form = await request.formData();
  const values = {
    name: String(form.get('name') ?? ''),
    email: String(form.get('email') ?? ''),
    orgName: String(form.get('orgName') ?? ''),
  };
  try {
    const { orgSlug } = await caller.auth.signup({ ...values, password: String(form.get('password') ?? '') });
    return redirect(`/o/${orgSlug}`, { headers });
  } catch (error) {
    const failure = toActionFailure(error);
    // A taken address belongs next to the email field, where the person will look.
    if (error instanceof TRPCError && error.code === 'CONFLICT') failure.fieldErrors.email = [failure.message];
    return data({ ...failure, values }, { status: 400, headers });
  }
}

export default function SignupPage() {
  const failure = useActionData<typeof action>();
  return (
    <AuthLayout
      title="Create your account"
      subtitle="Set up Atrium for your organization. You will be its owner."
      footer={
        <p>
          Already have an account? <AuthLink to="/login">Sign in</AuthLink>
        </p>
      }
    >
      <Form method="post" className="space-y-5" noValidate>
        <FormAlert message={failure?.message} />
        <TextField
          name="name"
          label="Your name"
          autoComplete="name"
          required
          autoFocus
          maxLength={100}
          defaultValue={failure?.values.name}
          errors={failure?.fieldErrors.name}
        />
        <TextField
          name="email"
          label="Work email"
          type="email"
          autoComplete="email"
          required
          defaultValue={failure?.values.email}
          errors={failure?.fieldErrors.email}
        />
        <NewPasswordField name="password" label="Password" errors={failure?.fieldErrors.password} />
        <TextField
          name="orgName"
          label="Organization name"
          autoComplete="organization"
          required
          maxLength={100}
          defaultValue={failure?.values.orgName}
          errors={failure?.fieldErrors.orgName}
        />
        <SubmitButton className="w-full" pendingText="Creating your account…">
          Create account
        </SubmitButton>
      </Form>
    </AuthLayout>
  );
}
