/**
 * One role in the roles list: name (linked to its page), description, parents, how many members
 * hold it, and what it grants — its effective permissions behind a native disclosure, so the
 * list stays short and works without JavaScript.
 */
import { Link } from '@remix-run/react';
import { Card } from '~/components/ui/tremor';
import { Badge } from '~/components/Badge';
import type { Catalogue, RoleView } from '../../../server/roles/roleSchemas';
import { countShown, PermissionGroups } from './PermissionGroups';
import { countOf } from '../../../server/shared/plural';

export function RoleCard({ role, catalogue, href }: { role: RoleView; catalogue: Catalogue; href: string | null }) {
  const headingId = `role-${role.id}`;
  return (
    <Card className="p-4" aria-labelledby={headingId} role="region">
      <div className="flex flex-wrap items-center gap-2">
        <h3 id={headingId} className="text-base font-semibold text-gray-900">
          {href ? (
            <Link
              to={href}
              className="hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500"
            >
              {role.name}
            </Link>
          ) : (
            role.name
          )}
        </h3>
        {role.isSystem ? (
          <Badge color="gray" size="xs">
            System
          </Badge>
        ) : null}
      </div>
      {role.description ? <p className="mt-1 text-sm text-gray-600">{role.description}</p> : null}
      <p className="mt-2 text-xs text-gray-500">
        {role.parents.length > 0 ? <>Inherits from {role.parents.map((p) => p.name).join(', ')} · </> : null}
        {countOf(role.memberCount, 'member', 'members')} ·{' '}
        {countOf(countShown(catalogue, role.effectivePermissions), 'permission', 'permissions')}
      </p>
      <details className="mt-3 group">
        <summary className="cursor-pointer text-sm font-medium text-blue-700 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500">
          What {role.name} grants
        </summary>
        <div className="mt-3">
          <PermissionGroups catalogue={catalogue} permissions={role.effectivePermissions} />
        </div>
      </details>
    </Card>
  );
}
