/**
 * A set of permissions shown grouped by resource, in catalogue order, each with its description
 * and (when given) where it comes from.
 */
import type { Catalogue } from '../../../server/roles/roleSchemas';
import type { Permission } from '~/lib/permissions';

/**
 * How many of `permissions` the catalogue shows. A role may hold permissions of capabilities that
 * have not shipped (kept, not offered); counts must agree with the list the reader sees.
 */
export function countShown(catalogue: Catalogue, permissions: readonly Permission[]): number {
  const shown = new Set(catalogue.flatMap((group) => group.permissions.map((p) => p.key)));
  return permissions.filter((permission) => shown.has(permission)).length;
}

export function PermissionGroups({
  catalogue,
  permissions,
  sourceOf,
}: {
  catalogue: Catalogue;
  permissions: readonly Permission[];
  sourceOf?: (permission: Permission) => string | null;
}) {
  const held = new Set(permissions);
  const groups = catalogue
    .map((group) => ({ ...group, permissions: group.permissions.filter((p) => held.has(p.key)) }))
    .filter((group) => group.permissions.length > 0);
  if (groups.length === 0) return <p className="text-sm text-gray-500">No permissions.</p>;
  return (
    <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-2">
      {groups.map((group) => (
        <div key={group.resource}>
          <dt className="text-xs font-semibold uppercase tracking-wide text-gray-500">{group.label}</dt>
          <dd>
            <ul className="mt-1 space-y-0.5 text-sm">
              {group.permissions.map((p) => {
                const source = sourceOf?.(p.key);
                return (
                  <li key={p.key}>
                    <code className="rounded bg-gray-100 px-1 text-xs text-gray-800">{p.key}</code>{' '}
                    <span className="text-gray-600">{p.description}</span>
                    {source ? <span className="ml-1 text-xs text-gray-500">({source})</span> : null}
                  </li>
                );
              })}
            </ul>
          </dd>
        </div>
      ))}
    </dl>
  );
}
