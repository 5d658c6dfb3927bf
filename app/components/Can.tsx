/**
 * Renders its children only when the current member holds the permission. What a member may
 * not use is not shown at all — never a disabled control standing in for a permission.
 */
import type { ReactNode } from 'react';
import { useCan, type Permission } from '~/lib/permissions';

export function Can({
  permission,
  children,
  fallback = null,
}: {
  permission: Permission;
  children: ReactNode;
  fallback?: ReactNode;
}) {
  const can = useCan();
  return <>{can(permission) ? children : fallback}</>;
}
