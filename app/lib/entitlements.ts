/**
 * useEntitlements(): what the org's plan allows (seats, API calls, audit retention, SSO, SCIM),
 * from the /o/:slug layout loader (billing.entitlements), so any org page can show or hide what
 * the plan lacks — SSO and SCIM setup, for instance. The server enforces the limits either way;
 * this only decides what is shown.
 */
import { useRouteLoaderData } from '@remix-run/react';
import type { Entitlements } from '../../server/shared/entitlements';
import { ORG_LAYOUT_ROUTE_ID } from './permissions';

export type { Entitlements };

/** Inside /o/:slug: the org's entitlements (null outside an org). */
export function useEntitlements(): Entitlements | null {
  const layout = useRouteLoaderData<{ entitlements?: Entitlements }>(ORG_LAYOUT_ROUTE_ID);
  return layout?.entitlements ?? null;
}
