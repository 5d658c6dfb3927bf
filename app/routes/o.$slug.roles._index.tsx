/**
 * The roles list: the system roles every org has, with what they grant, and the org's custom
 * roles. Anyone who may read roles sees it; only members who may manage roles are offered
 * "New role", "Explain access" and a link into each custom role's editor.
 */
import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useParams } from '@remix-run/react';
import { Card, Text } from '~/components/ui/tremor';
import { RoleCard } from '~/components/roles/RoleCard';
import { throwOrgRouteError } from '~/components/shell/orgRouteErrors.server';
import { useCan } from '~/lib/permissions';

export const meta: MetaFunction = () => [{ title: 'Roles · Atrium' }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { caller, headers } = await context.trpc();
  const orgSlug = params.slug ?? '';
  const [roles, catalogue] = await Promise.all([
    caller.roles.list({ orgSlug }),
    caller.roles.catalogue({ orgSlug }),
  ]).catch((error: unknown) => throwOrgRouteError(error, request, headers));
  return data({ roles, catalogue }, { headers });
}

export default function RolesList() {
  const { roles, catalogue } = useLoaderData<typeof loader>();
  const slug = useParams().slug ?? '';
  const can = useCan();
  const system = roles.filter((role) => role.isSystem);
  const custom = roles.filter((role) => !role.isSystem);
  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-tremor-title font-semibold text-tremor-content-strong">Roles</h1>
          <Text className="mt-1">
            What each role lets its members do. A member holding several roles gets all of them.
          </Text>
        </div>
        {can('roles:manage') ? (
          <div className="flex flex-wrap items-center gap-3">
            <Link
              to={`/o/${slug}/roles/explain`}
              className="inline-flex items-center rounded-tremor-default border border-gray-300 bg-white px-4 py-2 text-sm font-medium text-gray-800 shadow-tremor-input hover:bg-gray-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 focus-visible:ring-offset-2"
            >
              Explain access
            </Link>
            <Link
              to={`/o/${slug}/roles/new`}
              className="inline-flex items-center rounded-tremor-default bg-tremor-brand px-4 py-2 text-sm font-medium text-white shadow-tremor-input hover:bg-tremor-brand-emphasis focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 focus-visible:ring-offset-2"
            >
              New role
            </Link>
          </div>
        ) : null}
      </div>

      <section aria-labelledby="custom-roles" className="space-y-3">
        <h2 id="custom-roles" className="text-lg font-semibold text-gray-900">
          Custom roles
        </h2>
        {custom.length === 0 ? (
          <Card className="p-6 text-center">
            <Text>No custom roles yet. Custom roles combine permissions and inherit from other roles.</Text>
          </Card>
        ) : (
          <div className="grid gap-3 lg:grid-cols-2">
            {custom.map((role) => (
              <RoleCard
                key={role.id}
                role={role}
                catalogue={catalogue}
                href={can('roles:manage') ? `/o/${slug}/roles/${role.id}` : null}
              />
            ))}
          </div>
        )}
      </section>

      <section aria-labelledby="system-roles" className="space-y-3">
        <h2 id="system-roles" className="text-lg font-semibold text-gray-900">
          System roles
        </h2>
        <Text>Every organization has these. They cannot be changed, but custom roles can inherit from them.</Text>
        <div className="grid gap-3 lg:grid-cols-2">
          {system.map((role) => (
            <RoleCard key={role.id} role={role} catalogue={catalogue} href={`/o/${slug}/roles/${role.id}`} />
          ))}
        </div>
      </section>
    </div>
  );
}
