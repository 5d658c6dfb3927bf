import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { TRPCError } from '@trpc/server';
import { AuthLayout } from '~/components/auth/AuthLayout';
import { FormAlert, SubmitButton } from '~/components/forms';
import { toActionFailure } from '~/lib/errors';

export const meta: MetaFunction = () => [{ title: 'Sign out · Atrium' }];

export async function loader({ context }: LoaderFunctionArgs) {
  const { headers, user } = await context.trpc();
  if (!user) throw redirect('/login', { headers });
  return data({ email: user.email }, { headers });
}

export async function action({ context }: ActionFunctionArgs) {
  const { caller, headers } = await context.trpc();
  try {
    await caller.auth.logout();
  } catch (error) {
    // Already signed out (expired or revoked elsewhere): the outcome the person asked for.
    if (!(error instanceof TRPCError && error.code === 'UNAUTHORIZED')) {
      return data(toActionFailure(error), { status: 400, headers });
    }
  }
  return redirect('/login?notice=signed-out', { headers });
}

export default function LogoutPage() {
  const { email } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <AuthLayout title="Sign out" subtitle={`You are signed in as ${email}.`}>
      <Form method="post" className="space-y-5">
        <FormAlert message={failure?.message} />
        <div className="flex items-center justify-between gap-4">
          <Link to="/account" className="text-sm font-medium text-gray-600 hover:text-gray-900 hover:underline">
            Cancel
          </Link>
          <SubmitButton pendingText="Signing out…">Sign out</SubmitButton>
        </div>
      </Form>
    </AuthLayout>
  );
}
