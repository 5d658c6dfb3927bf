/**
 * One delivery of a webhook endpoint in full: the payload and every attempt with its request and
 * answer. Kept current while the delivery is pending; members who may manage webhooks can replay it.
 */
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useParams } from '@remix-run/react';
import { useStickyActionData } from '~/lib/useStickyActionData';
import { FormAlert } from '~/components/forms';
import { throwOrgRouteError } from '~/components/shell/orgRouteErrors.server';
import { DeliveryDetailView } from '~/components/webhooks/DeliveryDetailView';
import { IntentSubmit } from '~/components/webhooks/IntentSubmit';
import { usePollWhilePending } from '~/components/webhooks/usePollWhilePending';
import { webhookFailure } from '~/components/webhooks/webhookFailure.server';
import { useCan } from '~/lib/permissions';

export const meta: MetaFunction = () => [{ title: 'Webhook delivery · Atrium' }];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { caller, headers } = await context.trpc();
  const endpointId = params.endpointId ?? '';
  const deliveryId = params.deliveryId ?? '';
  if (!UUID.test(endpointId) || !UUID.test(deliveryId)) throw data('Not found', { status: 404, headers });
  const detail = await caller.webhooks
    .delivery({ orgSlug: params.slug ?? '', id: deliveryId })
    .catch((error: unknown) => throwOrgRouteError(error, request, headers));
  // A delivery of another endpoint is not at this address.
  if (detail.delivery.endpointId !== endpointId) throw data('Not found', { status: 404, headers });
  return data({ detail }, { headers });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const { caller, headers } = await context.trpc();
  const form = await request.formData();
  if (form.get('intent') !== 'replay') return data({ ok: false, message: 'Unknown action.' }, { status: 400, headers });
  try {
    await caller.webhooks.replay({ orgSlug: params.slug ?? '', deliveryId: params.deliveryId ?? '' });
    return data({ ok: true, message: 'The delivery is being sent again.' }, { headers });
  } catch (error) {
    const failure = webhookFailure(error, request, headers);
    return data({ ok: false, message: failure.message }, { status: failure.status, headers });
  }
}

export default function WebhookDelivery() {
  const { detail } = useLoaderData<typeof loader>();
  const result = useStickyActionData<typeof action>();
  const slug = useParams().slug ?? '';
  const can = useCan();
  usePollWhilePending(detail.delivery.status === 'pending');
  return (
    <div className="max-w-4xl space-y-6">
      <div>
        <Link
          to={`/o/${slug}/webhooks/${detail.delivery.endpointId}`}
          className="text-sm text-blue-700 hover:underline"
        >
          ← Endpoint
        </Link>
        <div className="mt-2 flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            <h1 className="text-tremor-title font-semibold text-tremor-content-strong">Delivery</h1>
            <p className="mt-1 break-all font-mono text-sm text-gray-700">{detail.delivery.url}</p>
          </div>
          {can('webhooks:manage') && detail.delivery.status !== 'pending' ? (
            <Form method="post">
              <IntentSubmit intent="replay" variant="secondary" pendingText="Replaying…">
                Replay
              </IntentSubmit>
            </Form>
          ) : null}
        </div>
      </div>
      {result ? <FormAlert message={result.message} tone={result.ok ? 'success' : 'error'} /> : null}
      <DeliveryDetailView detail={detail} />
    </div>
  );
}
