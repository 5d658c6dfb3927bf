/**
 * The org's navigation. Each entry names the permission it needs; entries the member lacks are
 * not rendered at all.
 */
import { NavLink } from '@remix-run/react';
import { useCan, type Permission } from '~/lib/permissions';

type NavItem = { label: string; path: string; permission: Permission; end?: boolean };

const NAV_ITEMS: NavItem[] = [
  { label: 'Dashboard', path: '', permission: 'org:read', end: true },
  { label: 'Activity', path: '/activity', permission: 'activity:read' },
  { label: 'Members', path: '/members', permission: 'users:read' },
  { label: 'Invitations', path: '/invitations', permission: 'users:invite' },
  { label: 'Teams', path: '/teams', permission: 'users:read' },
  { label: 'Roles', path: '/roles', permission: 'roles:read' },
  { label: 'Audit', path: '/audit', permission: 'audit:read' },
  { label: 'API keys', path: '/api-keys', permission: 'api_keys:manage' },
  { label: 'Webhooks', path: '/webhooks', permission: 'webhooks:read' },
  { label: 'Billing', path: '/billing', permission: 'billing:read' },
  { label: 'Invoices', path: '/invoices', permission: 'invoices:read' },
  { label: 'Usage', path: '/usage', permission: 'usage:read' },
  { label: 'Settings', path: '/settings', permission: 'org:update' },
];

export function SideNav({ orgSlug }: { orgSlug: string }) {
  const can = useCan();
  return (
    <ul className="space-y-1">
      {NAV_ITEMS.filter((item) => can(item.permission)).map((item) => (
        <li key={item.label}>
          <NavLink
            to={`/o/${orgSlug}${item.path}`}
            end={item.end}
            className={({ isActive }) =>
              `block rounded-md px-3 py-2 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 ${
                isActive ? 'bg-blue-50 text-blue-700' : 'text-gray-700 hover:bg-gray-100 hover:text-gray-900'
              }`
            }
          >
            {item.label}
          </NavLink>
        </li>
      ))}
    </ul>
  );
}
