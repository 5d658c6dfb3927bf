/**
 * Webhooks (docs/decisions/025-webhooks.md), for members who may view them: the org's endpoints
 * with their state and how their deliveries go, an explanation and the way to the first endpoint
 * when there is none, and the event catalogue. Adding and editing need webhooks:manage; members
 * without it never see those controls.
 */
import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useParams, useSearchParams } from '@remix-run/react';
import { Can } from '~/components/Can';
import { FormAlert } from '~/components/forms';
import { throwOrgRouteError } from '~/components/shell/orgRouteErrors.server';
import { Text } from '~/components/ui/tremor';
import { EndpointList } from '~/components/webhooks/EndpointList';
import { NoEndpoints } from '~/components/webhooks/NoEndpoints';
import { usePollWhilePending } from '~/components/webhooks/usePollWhilePending';

export const meta: MetaFunction = () => [{ title: 'Webhooks · Atrium' }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { caller, headers } = await context.trpc();
  const { items } = await caller.webhooks
    .list({ orgSlug: params.slug ?? '' })
    .catch((error: unknown) => throwOrgRouteError(error, request, headers));
  return data({ endpoints: items }, { headers });
}

export default function Webhooks() {
  const { endpoints } = useLoaderData<typeof loader>();
  const slug = useParams().slug ?? '';
  const [search] = useSearchParams();
  usePollWhilePending(endpoints.some((endpoint) => endpoint.lastDelivery?.status === 'pending'));
  return (
    <div className="max-w-3xl space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h1 className="text-tremor-title font-semibold text-tremor-content-strong">Webhooks</h1>
          <Text className="mt-1">
            Endpoints that receive this organization’s events as signed HTTPS requests.{' '}
            <Link to={`/o/${slug}/webhooks/events`} className="font-medium text-blue-700 hover:underline">
              Event types and how to verify signatures
            </Link>
          </Text>
        </div>
        {endpoints.length > 0 ? (
          <Can permission="webhooks:manage">
            <Link
              to={`/o/${slug}/webhooks/new`}
              className="rounded-tremor-default bg-blue-600 px-4 py-2 text-sm font-medium text-white hover:bg-blue-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 focus-visible:ring-offset-2"
            >
              Add endpoint
            </Link>
          </Can>
        ) : null}
      </div>
      {search.get('deleted') === '1' ? <FormAlert message="The endpoint was deleted." tone="success" /> : null}
      {endpoints.length === 0 ? <NoEndpoints orgSlug={slug} /> : <EndpointList endpoints={endpoints} orgSlug={slug} />}
    </div>
  );
}
