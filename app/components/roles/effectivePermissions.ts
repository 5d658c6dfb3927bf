/**
 * What a role being edited would grant, computed in the browser from the roles list the page
 * already has: its own grants plus every parent's effective permissions, each inherited one
 * labelled with the parents it comes from. The server recomputes (and materializes) on save;
 * this only previews it.
 */
import type { Permission } from '~/lib/permissions';

export type RoleSummary = { id: string; name: string; effectivePermissions: readonly Permission[] };

export type PreviewedPermission = { permission: Permission; isDirect: boolean; inheritedFrom: string[] };

export function previewEffectivePermissions(
  direct: readonly Permission[],
  parentIds: readonly string[],
  roles: readonly RoleSummary[],
): PreviewedPermission[] {
  const byPermission = new Map<Permission, PreviewedPermission>();
  const entry = (permission: Permission) => {
    let found = byPermission.get(permission);
    if (!found) {
      found = { permission, isDirect: false, inheritedFrom: [] };
      byPermission.set(permission, found);
    }
    return found;
  };
  for (const permission of direct) entry(permission).isDirect = true;
  for (const parentId of parentIds) {
    const parent = roles.find((role) => role.id === parentId);
    if (!parent) continue;
    for (const permission of parent.effectivePermissions) entry(permission).inheritedFrom.push(parent.name);
  }
  return [...byPermission.values()];
}
