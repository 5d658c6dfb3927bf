/** The empty list: what webhooks are for, and the two ways on (add one, read the catalogue). */
import { Link } from '@remix-run/react';
import { Can } from '~/components/Can';
import { Card, Text } from '~/components/ui/tremor';

export function NoEndpoints({ orgSlug }: { orgSlug: string }) {
  return (
    <Card className="space-y-3" data-testid="no-endpoints">
      <h2 className="text-lg font-semibold text-gray-900">No endpoints yet</h2>
      <Text>
        Webhooks tell your systems what happens here as it happens: when someone joins, a role changes or an API key is
        revoked, Atrium sends a signed HTTPS request to each endpoint subscribed to that event, and keeps retrying for
        about a day while your endpoint is down.
      </Text>
      <div className="flex flex-wrap items-center gap-4">
        <Can permission="webhooks:manage">
          <Link
            to={`/o/${orgSlug}/webhooks/new`}
            className="rounded-tremor-default bg-blue-600 px-4 py-2 text-sm font-medium text-white hover:bg-blue-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 focus-visible:ring-offset-2"
          >
            Add endpoint
          </Link>
        </Can>
        <Link to={`/o/${orgSlug}/webhooks/events`} className="text-sm font-medium text-blue-700 hover:underline">
          See which events you can receive
        </Link>
      </div>
    </Card>
  );
}
