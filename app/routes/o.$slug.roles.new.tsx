/** Creating a custom role. Only members who may manage roles get the page (others: 403). */
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { useLoaderData, useParams } from '@remix-run/react';
import { useStickyActionData } from '~/lib/useStickyActionData';
import { Card, Text } from '~/components/ui/tremor';
import { RoleForm } from '~/components/roles/RoleForm';
import { SaveProblem } from '~/components/roles/SaveProblem';
import {
  loadRolesAndCatalogue,
  readRoleForm,
  requireRoleManager,
  roleInput,
  roleSaveFailure,
} from '~/components/roles/roleEditor.server';

export const meta: MetaFunction = () => [{ title: 'New role · Atrium' }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { caller, headers } = await context.trpc();
  const orgSlug = params.slug ?? '';
  await requireRoleManager(caller, orgSlug, request, headers);
  return data(await loadRolesAndCatalogue(caller, orgSlug, request, headers), { headers });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const { caller, headers } = await context.trpc();
  const orgSlug = params.slug ?? '';
  await requireRoleManager(caller, orgSlug, request, headers);
  const { version: _ignored, ...draft } = readRoleForm(await request.formData());
  try {
    await caller.roles.create({ orgSlug, ...roleInput(draft) });
  } catch (error) {
    return roleSaveFailure(error, draft, request, headers);
  }
  throw redirect(`/o/${orgSlug}/roles`, { headers });
}

export default function NewRole() {
  const { roles, catalogue } = useLoaderData<typeof loader>();
  const result = useStickyActionData<typeof action>();
  const slug = useParams().slug ?? '';
  const values = result?.draft ?? { name: '', description: '', permissions: [], conditions: {}, parentIds: [] };
  return (
    <Card className="space-y-6">
      <div>
        <h1 className="text-tremor-title font-semibold text-tremor-content-strong">New role</h1>
        <Text className="mt-1">Grant permissions directly, inherit them from other roles, or both.</Text>
      </div>
      {result ? (
        <SaveProblem
          message={result.message}
          missingPermissions={result.missingPermissions}
          latest={result.latest}
          reloadHref={`/o/${slug}/roles/new`}
        />
      ) : null}
      <RoleForm
        values={values}
        version={null}
        roleId={null}
        roles={roles}
        catalogue={catalogue}
        fieldErrors={result?.fieldErrors ?? {}}
        submitLabel="Create role"
        cancelHref={`/o/${slug}/roles`}
      />
    </Card>
  );
}
