/**
 * One role's page. A system role opens read-only (what it grants); a custom role opens in the
 * editor, for members who may manage roles only (others get the 403 page), with a versioned save,
 * a live notice when another admin saves or deletes the role meanwhile, and a delete that asks
 * where the role's members go.
 */
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useParams } from '@remix-run/react';
import { useStickyActionData } from '~/lib/useStickyActionData';
import { Card, Text } from '~/components/ui/tremor';
import { Badge } from '~/components/Badge';
import { FormAlert } from '~/components/forms';
import { DeleteRole } from '~/components/roles/DeleteRole';
import { countShown, PermissionGroups } from '~/components/roles/PermissionGroups';
import { PresenceBar } from '~/components/presence/PresenceBar';
import { RoleChangedNotice } from '~/components/roles/RoleChangedNotice';
import { RoleForm } from '~/components/roles/RoleForm';
import { SaveProblem } from '~/components/roles/SaveProblem';
import {
  loadRolesAndCatalogue,
  readRoleForm,
  requireRoleManager,
  roleInput,
  roleSaveFailure,
} from '~/components/roles/roleEditor.server';
import { throwOrgRouteError } from '~/components/shell/orgRouteErrors.server';
import { toActionFailure } from '~/lib/errors';
import { countOf } from '../../server/shared/plural';

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: loaded ? `${loaded.role.name} · Roles · Atrium` : 'Role · Atrium' },
];

function isRoleId(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { caller, headers } = await context.trpc();
  const orgSlug = params.slug ?? '';
  const roleId = params.roleId ?? '';
  const { roles, catalogue } = await loadRolesAndCatalogue(caller, orgSlug, request, headers);
  const role = isRoleId(roleId) ? roles.find((r) => r.id === roleId) : undefined;
  if (!role) throw data('Not found', { status: 404, headers });
  if (!role.isSystem) await requireRoleManager(caller, orgSlug, request, headers);
  return data({ role, roles, catalogue }, { headers });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const { caller, headers } = await context.trpc();
  const orgSlug = params.slug ?? '';
  const roleId = params.roleId ?? '';
  await requireRoleManager(caller, orgSlug, request, headers);
  const form = await request.formData();
  if (form.get('intent') === 'delete') {
    const target = form.get('reassignToRoleId');
    try {
      await caller.roles.delete({
        orgSlug,
        roleId,
        ...(typeof target === 'string' && target !== '' ? { reassignToRoleId: target } : {}),
      });
    } catch (error) {
      if (error instanceof Error && 'code' in error && error.code === 'UNAUTHORIZED') {
        throwOrgRouteError(error, request, headers);
      }
      const { message } = toActionFailure(error);
      return data({ intent: 'delete' as const, deleteError: message }, { status: 400, headers });
    }
    throw redirect(`/o/${orgSlug}/roles`, { headers });
  }
  const { version, ...draft } = readRoleForm(form);
  try {
    const saved = await caller.roles.update({ orgSlug, roleId, version, ...roleInput(draft) });
    return data({ intent: 'save' as const, ok: true as const, saved }, { headers });
  } catch (error) {
    return roleSaveFailure(error, draft, request, headers, {
      version,
      load: () => caller.roles.get({ orgSlug, roleId }),
    });
  }
}

function SystemRole() {
  const { role, catalogue } = useLoaderData<typeof loader>();
  const slug = useParams().slug ?? '';
  return (
    <Card className="space-y-4">
      <div className="flex flex-wrap items-center gap-2">
        <h1 className="text-tremor-title font-semibold text-tremor-content-strong">{role.name}</h1>
        <Badge color="gray">System</Badge>
      </div>
      <Text>{role.description}</Text>
      <Text>
        System roles cannot be changed. To grant something different, create a custom role that inherits from{' '}
        {role.name}.
      </Text>
      <h2 className="text-base font-semibold text-gray-900">
        What {role.name} grants ({countShown(catalogue, role.effectivePermissions)})
      </h2>
      <PermissionGroups catalogue={catalogue} permissions={role.effectivePermissions} />
      <Link to={`/o/${slug}/roles`} className="inline-block text-sm font-medium text-blue-700 hover:underline">
        Back to roles
      </Link>
    </Card>
  );
}

export default function RolePage() {
  const loaded = useLoaderData<typeof loader>();
  const result = useStickyActionData<typeof action>();
  const slug = useParams().slug ?? '';
  if (loaded.role.isSystem) return <SystemRole />;

  const saved = result && 'saved' in result ? result.saved : null;
  const failure = result && 'ok' in result && !result.ok ? result : null;
  const role = saved && saved.version >= loaded.role.version ? saved : loaded.role;
  const values = failure?.draft ?? {
    name: role.name,
    description: role.description,
    permissions: role.permissions,
    conditions: Object.fromEntries(
      role.grants.flatMap((grant) => (grant.condition ? [[grant.permission, grant.condition]] : [])),
    ),
    parentIds: role.parents.map((p) => p.id),
  };
  const here = `/o/${slug}/roles/${role.id}`;
  return (
    <div className="space-y-6">
      <Card className="space-y-6">
        <div>
          <h1 className="text-tremor-title font-semibold text-tremor-content-strong">Edit {role.name}</h1>
          <Text className="mt-1">{countOf(role.memberCount, 'member holds', 'members hold')} this role.</Text>
        </div>
        <PresenceBar resource={`role:${role.id}`} />
        <RoleChangedNotice orgSlug={slug} role={role} reloadHref={here} rolesHref={`/o/${slug}/roles`} />
        {saved ? <FormAlert tone="success" message={`${saved.name} was saved.`} /> : null}
        {failure ? (
          <SaveProblem
            message={failure.message}
            missingPermissions={failure.missingPermissions}
            latest={failure.latest}
            reloadHref={here}
          />
        ) : null}
        <RoleForm
          key={`${role.version}-${failure ? 'failed' : 'ok'}`}
          values={values}
          version={role.version}
          roleId={role.id}
          roles={loaded.roles}
          catalogue={loaded.catalogue}
          fieldErrors={failure?.fieldErrors ?? {}}
          submitLabel="Save role"
          cancelHref={`/o/${slug}/roles`}
        />
      </Card>
      <Card>
        <DeleteRole
          role={role}
          others={loaded.roles.filter((r) => r.id !== role.id)}
          error={result && 'deleteError' in result ? result.deleteError : undefined}
        />
      </Card>
    </div>
  );
}
