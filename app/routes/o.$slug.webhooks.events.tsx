/**
 * The webhook event catalogue (server/shared/webhookEvents.ts) for anyone who may view webhooks:
 * every event type by group with its example body, and how a receiver verifies a request's
 * signature. Read from the shared catalogue, so it lists exactly what endpoints can subscribe to.
 */
import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useParams } from '@remix-run/react';
import { throwMissingPermission, throwOrgRouteError } from '~/components/shell/orgRouteErrors.server';
import { Text } from '~/components/ui/tremor';
import { EventCatalogue } from '~/components/webhooks/EventCatalogue';
import { SignatureGuide } from '~/components/webhooks/SignatureGuide';

export const meta: MetaFunction = () => [{ title: 'Webhook events · Atrium' }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { caller, headers } = await context.trpc();
  const current = await caller.orgs
    .current({ orgSlug: params.slug ?? '' })
    .catch((error: unknown) => throwOrgRouteError(error, request, headers));
  if (!current.permissions.includes('webhooks:read')) throwMissingPermission('webhooks:read', headers);
  return data(null, { headers });
}

export default function WebhookEvents() {
  const slug = useParams().slug ?? '';
  return (
    <div className="max-w-3xl space-y-6">
      <div>
        <Link to={`/o/${slug}/webhooks`} className="text-sm text-blue-700 hover:underline">
          ← Webhooks
        </Link>
        <h1 className="mt-2 text-tremor-title font-semibold text-tremor-content-strong">Webhook events</h1>
        <Text className="mt-1">
          The events an endpoint can subscribe to. Each is sent after the change it describes is saved, as a JSON body
          with the event’s type, when it happened (UTC) and its data. Ids in the examples are illustrative.
        </Text>
      </div>
      <SignatureGuide />
      <EventCatalogue />
    </div>
  );
}
