/**
 * The frame of every organization page. Its loader resolves the org and the member's effective
 * permissions (orgs.current) — child pages read them through useCan() — lists the user's orgs
 * for the switcher and remembers this org as the last one visited.
 */
import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Outlet, useLoaderData, useRouteError, useRouteLoaderData } from '@remix-run/react';
import { TRPCError } from '@trpc/server';
import { ErrorPanel, errorText } from '~/components/errors/ErrorPanel';
import { PresenceProvider } from '~/components/presence/PresenceProvider';
import { AccessWatcher } from '~/components/shell/AccessWatcher';
import { AppShell } from '~/components/shell/AppShell';
import { MAIN_CONTENT_ID } from '~/components/shell/SkipLink';
import { throwOrgRouteError } from '~/components/shell/orgRouteErrors.server';
import { ORG_LAYOUT_ROUTE_ID } from '~/lib/permissions';

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [
  { title: error ? `${errorText(error).title} · Atrium` : data ? `${data.org.name} · Atrium` : 'Atrium' },
];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { caller, headers, user } = await context.trpc();
  const orgSlug = params.slug ?? '';
  try {
    const current = await caller.orgs.current({ orgSlug });
    // Remembering the org is a mutation (and so an audit event): only when it changes.
    const isNewVisit = user?.lastOrgSlug?.toLowerCase() !== current.org.slug.toLowerCase();
    const [orgs, entitlements] = await Promise.all([
      caller.orgs.mine(),
      // What the plan allows, for useEntitlements() (app/lib/entitlements.ts).
      caller.billing.entitlements({ orgSlug }),
      isNewVisit ? caller.orgs.visit({ orgSlug }) : null,
    ]);
    // current() succeeded, so the session is valid and user is set.
    const person = { name: user?.name ?? '', email: user?.email ?? '' };
    return data({ ...current, orgs, entitlements, user: person }, { headers });
  } catch (error) {
    if (error instanceof TRPCError && error.code === 'FORBIDDEN') {
      // A deactivated member (still signed in through another org) learns which org, in words.
      const here = (await caller.orgs.mine().catch(() => [])).find((o) => o.slug === orgSlug.toLowerCase());
      if (here?.status === 'deactivated') {
        throw data(`Your access to ${here.name} was deactivated`, { status: 403, headers });
      }
    }
    throwOrgRouteError(error, request, headers);
  }
}

export default function OrgLayout() {
  const { org, orgs, user, permissions } = useLoaderData<typeof loader>();
  return (
    <PresenceProvider orgSlug={org.slug}>
      <AppShell org={org} orgs={orgs} user={user}>
        <AccessWatcher orgSlug={org.slug} permissions={permissions} />
        <Outlet />
      </AppShell>
    </PresenceProvider>
  );
}

/**
 * A page of this org refused or failed: when the layout itself loaded (the person is a member),
 * the error is shown inside the app shell, so the navigation stays; otherwise (unknown org,
 * deactivated) on its own.
 */
export function ErrorBoundary() {
  const error = useRouteError();
  const layout = useRouteLoaderData<typeof loader>(ORG_LAYOUT_ROUTE_ID);
  if (!layout) {
    return (
      <main id={MAIN_CONTENT_ID} className="flex min-h-full flex-col justify-center px-4">
        <ErrorPanel error={error} home={{ to: '/', label: 'Go to the start page' }} />
      </main>
    );
  }
  return (
    <AppShell org={layout.org} orgs={layout.orgs} user={layout.user}>
      <ErrorPanel error={error} home={{ to: `/o/${layout.org.slug}`, label: `Go to ${layout.org.name}’s dashboard` }} />
    </AppShell>
  );
}
