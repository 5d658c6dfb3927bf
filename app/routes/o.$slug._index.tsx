/** The org dashboard: a welcome card and the live activity feed. Data comes from the layout. */
import { Link, useRouteLoaderData } from '@remix-run/react';
import { Card, Text } from '~/components/ui/tremor';
import { ActivityPanel } from '~/components/activity/ActivityPanel';
import { Can } from '~/components/Can';
import { OnlineNow } from '~/components/presence/OnlineNow';
import { ORG_LAYOUT_ROUTE_ID } from '~/lib/permissions';
import type { loader as orgLayoutLoader } from './o.$slug';

function roleSentence(roles: string[]): string {
  const [only] = roles;
  if (roles.length === 0 || !only) return 'You have no role here yet.';
  if (roles.length > 1) return `Your roles here: ${roles.join(', ')}.`;
  return `You are ${/^[AEIOU]/i.test(only) ? 'an' : 'a'} ${only} here.`;
}

export default function OrgDashboard() {
  const layout = useRouteLoaderData<typeof orgLayoutLoader>(ORG_LAYOUT_ROUTE_ID);
  if (!layout) return null;
  const { org, roles, user } = layout;
  return (
    <div className="space-y-6">
      <Card>
        <h1 className="text-tremor-title font-semibold text-tremor-content-strong">Welcome to {org.name}</h1>
        <Text className="mt-1">
          Signed in as {user.name}. {roleSentence(roles)}
        </Text>
        <ul className="mt-4 flex flex-wrap gap-x-6 gap-y-2 text-sm">
          <Can permission="org:update">
            <li>
              <Link to={`/o/${org.slug}/settings`} className="font-medium text-blue-700 hover:underline">
                Organization settings
              </Link>
            </li>
          </Can>
          <li>
            <Link to="/account" className="font-medium text-blue-700 hover:underline">
              Your account
            </Link>
          </li>
          <li>
            <Link to="/orgs/new" className="font-medium text-blue-700 hover:underline">
              Create another organization
            </Link>
          </li>
        </ul>
      </Card>
      <OnlineNow orgSlug={org.slug} />
      <Can permission="activity:read">
        <ActivityPanel orgSlug={org.slug} />
      </Can>
    </div>
  );
}
