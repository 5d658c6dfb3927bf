/** Creating another organization: the signed-in user becomes its Owner and lands on its dashboard. */
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData } from '@remix-run/react';
import { AuthLayout } from '~/components/auth/AuthLayout';
import { FormAlert, SubmitButton, TextField } from '~/components/forms';
import { toActionFailure } from '~/lib/errors';

export const meta: MetaFunction = () => [{ title: 'Create an organization · Atrium' }];

export async function loader({ context }: LoaderFunctionArgs) {
  const { headers, user } = await context.trpc();
  if (!user) throw redirect(`/login?redirectTo=${encodeURIComponent('/orgs/new')}`, { headers });
  return data({}, { headers });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { caller, headers } = await context.trpc();
  const form = await request.formData();
  const name = String(form.get('name') ?? '');
  try {
    const { slug } = await caller.orgs.create({ name });
    return redirect(`/o/${slug}`, { headers });
  } catch (error) {
    return data({ ...toActionFailure(error), name }, { status: 400, headers });
  }
}

export default function NewOrganization() {
  const failure = useActionData<typeof action>();
  return (
    <AuthLayout
      title="Create an organization"
      subtitle="You will be its Owner and can invite your colleagues next."
      footer={
        <Link to="/" className="font-medium text-gray-600 hover:text-gray-900 hover:underline">
          Cancel
        </Link>
      }
    >
      <Form method="post" className="space-y-5" noValidate>
        <FormAlert message={failure?.message} />
        <TextField
          name="name"
          label="Organization name"
          required
          autoFocus
          maxLength={100}
          defaultValue={failure?.name}
          hint="Usually your company’s name. It also becomes the address of its pages."
          errors={failure?.fieldErrors.name}
        />
        <div className="flex justify-end">
          <SubmitButton pendingText="Creating…">Create organization</SubmitButton>
        </div>
      </Form>
    </AuthLayout>
  );
}
