/**
 * The available permissions grouped by resource, in catalogue order, with each resource's label:
 * what the role editor offers and what the API key form picks scopes from. Pure and browser-safe;
 * never offers a reserved permission.
 */
import { AVAILABLE_PERMISSIONS, PERMISSIONS, type Permission } from './permissions';

export type PermissionGroup = {
  resource: string;
  label: string;
  permissions: { key: Permission; action: string; description: string }[];
};

const RESOURCE_LABELS: Record<string, string> = {
  org: 'Organization',
  users: 'Members',
  teams: 'Teams',
  roles: 'Roles',
  billing: 'Billing',
  invoices: 'Invoices',
  usage: 'Usage',
  audit: 'Audit trail',
  api_keys: 'API keys',
  webhooks: 'Webhooks',
  sso: 'Single sign-on',
  scim: 'SCIM provisioning',
  support: 'Support',
  activity: 'Activity',
  branding: 'Branding',
};

function labelFor(resource: string): string {
  return RESOURCE_LABELS[resource] ?? resource.charAt(0).toUpperCase() + resource.slice(1).replace(/_/g, ' ');
}

export function permissionCatalogue(): PermissionGroup[] {
  const groups = new Map<string, PermissionGroup>();
  for (const key of AVAILABLE_PERMISSIONS) {
    const description = PERMISSIONS[key];
    const [resource = key, action = ''] = key.split(':');
    let group = groups.get(resource);
    if (!group) {
      group = { resource, label: labelFor(resource), permissions: [] };
      groups.set(resource, group);
    }
    group.permissions.push({ key, action, description });
  }
  return [...groups.values()];
}
