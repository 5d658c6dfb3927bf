/**
 * can(permission) for the UI: the member's effective permissions come from the /o/:slug layout
 * loader (orgs.current), so navigation and whole sections are gated by the same catalogue the
 * server enforces. The server still checks every call; this only decides what is shown.
 */
import { useRouteLoaderData } from '@remix-run/react';
import type { Permission } from '../../server/shared/permissions';

export type { Permission };

/** The route id Remix gives app/routes/o.$slug.tsx. */
export const ORG_LAYOUT_ROUTE_ID = 'routes/o.$slug';

export function can(permissions: readonly string[] | null | undefined, permission: Permission): boolean {
  return permissions?.includes(permission) ?? false;
}

/** Inside /o/:slug: a can() bound to the current member's permissions (false outside an org). */
export function useCan(): (permission: Permission) => boolean {
  const layout = useRouteLoaderData<{ permissions: Permission[] }>(ORG_LAYOUT_ROUTE_ID);
  const permissions = layout?.permissions;
  return (permission) => can(permissions, permission);
}
