/** The user's organizations, each a link to its portal, and the way to create another. */
import { Link } from '@remix-run/react';
import { Badge } from '~/components/Badge';

export type OrganizationView = { slug: string; name: string; isActive: boolean };

export function OrganizationsList({ orgs }: { orgs: OrganizationView[] }) {
  return (
    <div className="space-y-4">
      {orgs.length === 0 ? (
        <p className="text-sm text-gray-600">You are not a member of any organization yet.</p>
      ) : (
        <ul className="divide-y divide-gray-100 rounded-md border border-gray-200">
          {orgs.map((org) => (
            <li key={org.slug} className="flex items-center justify-between gap-3 px-4 py-3">
              {org.isActive ? (
                <Link to={`/o/${org.slug}`} className="font-medium text-blue-600 hover:text-blue-700 hover:underline">
                  {org.name}
                </Link>
              ) : (
                <span className="font-medium text-gray-500">{org.name}</span>
              )}
              {org.isActive ? (
                <span className="truncate text-xs text-gray-500" title={`/o/${org.slug}`}>
                  /o/{org.slug}
                </span>
              ) : (
                <Badge color="gray">Deactivated</Badge>
              )}
            </li>
          ))}
        </ul>
      )}
      <Link
        to="/orgs/new"
        className="inline-flex items-center rounded-tremor-default border border-blue-600 px-3 py-2 text-sm font-medium text-blue-600 hover:bg-blue-50"
      >
        Create organization
      </Link>
    </div>
  );
}
