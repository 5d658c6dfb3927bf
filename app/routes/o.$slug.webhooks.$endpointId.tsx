/**
 * One webhook endpoint. Members who may view webhooks see its state, what it receives and its
 * delivery log (filtered by status, paged by cursor, kept current while deliveries are pending);
 * each delivery opens in full. Members who may manage webhooks also edit it (a versioned save: a
 * stale one is refused), enable or disable it, rotate its secret with an overlap (the new secret
 * shown once), send a test event, replay failed deliveries and delete it.
 */
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useParams, type ShouldRevalidateFunction } from '@remix-run/react';
import { useStickyActionData } from '~/lib/useStickyActionData';
import { ConfirmDeletion } from '~/components/ConfirmDeletion';
import { FormAlert } from '~/components/forms';
import { throwOrgRouteError } from '~/components/shell/orgRouteErrors.server';
import { Callout, Card } from '~/components/ui/tremor';
import { DeliveryLog } from '~/components/webhooks/DeliveryLog';
import { EndpointForm } from '~/components/webhooks/EndpointForm';
import { EndpointNotice } from '~/components/webhooks/EndpointNotice';
import { EndpointToggle } from '~/components/webhooks/EndpointToggle';
import {
  deliveryLogQueryOf,
  deliveryLogSearch,
  endpointIntentOf,
  overlapOf,
  type EndpointActionResult,
} from '~/components/webhooks/endpointActions';
import {
  draftErrors,
  draftOf,
  endpointFields,
  hasErrors,
  readEndpointDraft,
} from '~/components/webhooks/endpointDraft';
import { isAllEvents } from '~/components/webhooks/endpointState';
import { printable } from '~/components/webhooks/printable';
import { FAILED_COUNT_LIMIT, ReplayAllFailed } from '~/components/webhooks/ReplayAllFailed';
import { RotateSecret } from '~/components/webhooks/RotateSecret';
import { SendTestEvent } from '~/components/webhooks/SendTestEvent';
import { usePollWhilePending } from '~/components/webhooks/usePollWhilePending';
import { EndpointStateBadge } from '~/components/webhooks/WebhookBadges';
import { webhookFailure } from '~/components/webhooks/webhookFailure.server';
import { WebhookSecretOnce } from '~/components/webhooks/WebhookSecretOnce';
import { formatUtc } from '~/lib/dates';
import { errorDetailsOf } from '~/lib/errors';
import { useCan } from '~/lib/permissions';
import { countOf } from '../../server/shared/plural';
import { isWebhookEventType } from '../../server/shared/webhookEvents';

export const meta: MetaFunction = () => [{ title: 'Webhook endpoint · Atrium' }];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PAGE_SIZE = 25;

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { caller, headers } = await context.trpc();
  const orgSlug = params.slug ?? '';
  const id = params.endpointId ?? '';
  if (!UUID.test(id)) throw data('Not found', { status: 404, headers });
  const query = deliveryLogQueryOf(new URL(request.url).searchParams);
  const [endpoint, log, failed] = await Promise.all([
    caller.webhooks.get({ orgSlug, id }),
    caller.webhooks.deliveries({
      orgSlug,
      endpointId: id,
      limit: PAGE_SIZE,
      ...(query.status ? { status: query.status } : {}),
      ...(query.cursor ? { cursor: query.cursor } : {}),
    }),
    // Only counted, for "replay all failed (n)".
    caller.webhooks.deliveries({ orgSlug, endpointId: id, status: 'failed', limit: FAILED_COUNT_LIMIT }),
  ]).catch((error: unknown) => {
    // A cursor from an old link (or typed by hand): start again from the newest.
    if (query.cursor && errorDetailsOf(error).field === 'cursor') {
      throw redirect(`${new URL(request.url).pathname}${deliveryLogSearch({ ...query, cursor: null })}`, { headers });
    }
    return throwOrgRouteError(error, request, headers);
  });
  return data(
    {
      endpoint,
      deliveries: log.items,
      nextCursor: log.nextCursor,
      query,
      failed: { count: failed.items.length, hasMore: failed.nextCursor !== null },
    },
    { headers },
  );
}

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const { caller, headers } = await context.trpc();
  // A rotation's answer carries the new secret: no cache may keep it.
  headers.set('Cache-Control', 'no-store');
  const orgSlug = params.slug ?? '';
  const id = params.endpointId ?? '';
  const form = await request.formData();
  const intent = endpointIntentOf(text(form, 'intent'));
  const subject = text(form, 'subject') || null;
  const version = Number(text(form, 'version')) || 0;
  const draft = intent === 'update' ? readEndpointDraft(form) : null;
  const reply = (result: Partial<EndpointActionResult> & { ok: boolean; message: string }, status = 200) =>
    data<EndpointActionResult>(
      { intent, subject, secret: null, fieldErrors: {}, draft: null, isStale: false, ...result },
      { status, headers },
    );
  try {
    switch (intent) {
      case 'update': {
        const problems = draftErrors(draft!);
        if (hasErrors(problems)) {
          return reply(
            { ok: false, message: 'Please correct the highlighted fields.', fieldErrors: problems, draft },
            400,
          );
        }
        await caller.webhooks.update({ orgSlug, id, version, ...endpointFields(draft!) });
        return reply({ ok: true, message: 'Saved.' });
      }
      case 'enable':
        await caller.webhooks.update({ orgSlug, id, version, isEnabled: true });
        return reply({ ok: true, message: 'The endpoint is enabled: new events are sent to it again.' });
      case 'disable':
        await caller.webhooks.update({ orgSlug, id, version, isEnabled: false });
        return reply({ ok: true, message: 'The endpoint is disabled: no events are sent to it until you enable it.' });
      case 'delete':
        await caller.webhooks.delete({ orgSlug, id });
        return redirect(`/o/${orgSlug}/webhooks?deleted=1`, { headers });
      case 'rotate': {
        const rotated = await caller.webhooks.rotateSecret({
          orgSlug,
          id,
          overlapHours: overlapOf(text(form, 'overlapHours')),
        });
        return reply({
          ok: true,
          message: rotated.previousSecretExpiresAt
            ? `A new secret was issued. The previous secret keeps signing until ${formatUtc(rotated.previousSecretExpiresAt)}.`
            : 'A new secret was issued. The previous secret no longer signs requests.',
          secret: rotated.secret,
        });
      }
      case 'sendTest': {
        const eventType = text(form, 'eventType');
        if (eventType !== '' && !isWebhookEventType(eventType)) {
          return reply({ ok: false, message: 'Choose an event type from the list.' }, 400);
        }
        await caller.webhooks.sendTest({ orgSlug, id, ...(eventType !== '' ? { eventType } : {}) });
        return reply({ ok: true, message: 'Test event sent: it appears in the delivery log below.' });
      }
      case 'replay':
        await caller.webhooks.replay({ orgSlug, deliveryId: subject ?? '' });
        return reply({ ok: true, message: 'The delivery is being sent again.' });
      case 'replayFailed': {
        const { count } = await caller.webhooks.replayFailed({ orgSlug, endpointId: id });
        return reply({
          ok: true,
          message:
            count === 0
              ? 'There was no failed delivery to replay.'
              : `${countOf(count, 'failed delivery is', 'failed deliveries are')} being sent again.`,
        });
      }
      default:
        return reply({ ok: false, message: 'Unknown action.' }, 400);
    }
  } catch (error) {
    const failure = webhookFailure(error, request, headers);
    return reply(
      { ok: false, message: failure.message, fieldErrors: failure.fieldErrors, isStale: failure.isStale, draft },
      failure.status,
    );
  }
}

/**
 * A refused action (4xx) does not re-run loaders by default; a stale save must, so the page shows
 * the other person's version and the next save carries its version number.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) => {
  const result = actionResult as Partial<EndpointActionResult> | undefined;
  return result?.isStale === true || defaultShouldRevalidate;
};

function EndpointFacts({ endpoint }: { endpoint: ReturnType<typeof useLoaderData<typeof loader>>['endpoint'] }) {
  return (
    <dl className="grid grid-cols-1 gap-x-4 gap-y-3 text-sm sm:grid-cols-2">
      <div className="min-w-0 sm:col-span-2">
        <dt className="text-gray-600">Events</dt>
        <dd>
          {isAllEvents(endpoint.eventTypes) ? (
            'All events, including ones added later'
          ) : (
            <ul className="mt-1 flex flex-wrap gap-1">
              {endpoint.eventTypes.map((type) => (
                <li key={type} className="rounded bg-gray-100 px-2 py-0.5 font-mono text-xs text-gray-800">
                  {type}
                </li>
              ))}
            </ul>
          )}
        </dd>
      </div>
      <div>
        <dt className="text-gray-600">Added</dt>
        <dd>{formatUtc(endpoint.createdAt)}</dd>
      </div>
      <div>
        <dt className="text-gray-600">Failed in the last 24 h</dt>
        <dd>{countOf(endpoint.failedLast24h, 'delivery', 'deliveries')}</dd>
      </div>
    </dl>
  );
}

export default function WebhookEndpoint() {
  const { endpoint, deliveries, nextCursor, query, failed } = useLoaderData<typeof loader>();
  const result = useStickyActionData<typeof action>() ?? null;
  const slug = useParams().slug ?? '';
  const can = useCan();
  const mayManage = can('webhooks:manage');
  usePollWhilePending(
    endpoint.lastDelivery?.status === 'pending' || deliveries.some((delivery) => delivery.status === 'pending'),
  );
  const controlResult = result && result.intent !== 'update' && result.intent !== 'replay' ? result : null;
  const editResult = result?.intent === 'update' ? result : null;
  const base = `/o/${slug}/webhooks/${endpoint.id}`;

  return (
    <div className="max-w-4xl space-y-6">
      <div>
        <Link to={`/o/${slug}/webhooks`} className="text-sm text-blue-700 hover:underline">
          ← Webhooks
        </Link>
        <div className="mt-2 flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            <h1 className="text-tremor-title font-semibold text-tremor-content-strong">Webhook endpoint</h1>
            <p className="mt-1 break-all font-mono text-sm text-gray-900" data-testid="endpoint-url">
              {endpoint.url}
            </p>
            {endpoint.description ? (
              <p className="mt-1 break-words text-sm text-gray-700">{printable(endpoint.description)}</p>
            ) : null}
          </div>
          <EndpointStateBadge endpoint={endpoint} />
        </div>
      </div>

      {!endpoint.isEnabled && endpoint.disabledReason === 'gone' ? (
        <EndpointNotice tone="red" title="Your endpoint answered 410 Gone">
          Atrium took that to mean it no longer wants events and disabled it. Enable it again once it is back.
        </EndpointNotice>
      ) : null}
      {!endpoint.isEnabled && endpoint.disabledReason === 'failing' ? (
        <EndpointNotice tone="red" title="Deliveries failed for 5 days">
          Atrium disabled the endpoint. Fix your receiver, enable it again, then replay the failed deliveries.
        </EndpointNotice>
      ) : null}
      {endpoint.isEnabled && endpoint.failingSince ? (
        <EndpointNotice tone="amber" title="Deliveries are failing">
          Deliveries have failed since {formatUtc(endpoint.failingSince)}. After 5 days of failures the endpoint is
          disabled.
        </EndpointNotice>
      ) : null}

      <Card className="space-y-4">
        <EndpointFacts endpoint={endpoint} />
        {endpoint.previousSecretExpiresAt ? (
          <p className="text-sm text-gray-700">
            Previous secret valid until {formatUtc(endpoint.previousSecretExpiresAt)}: requests carry both signatures
            until then.
          </p>
        ) : null}
        {controlResult ? (
          <FormAlert message={controlResult.message} tone={controlResult.ok ? 'success' : 'error'} />
        ) : null}
        {controlResult?.secret ? <WebhookSecretOnce secret={controlResult.secret} orgSlug={slug} /> : null}
        {mayManage ? (
          <div className="flex flex-wrap items-start gap-3 border-t border-gray-100 pt-4">
            <EndpointToggle isEnabled={endpoint.isEnabled} version={endpoint.version} />
            <SendTestEvent />
            <RotateSecret />
            <ReplayAllFailed count={failed.count} hasMore={failed.hasMore} />
            <ConfirmDeletion
              key={controlResult?.intent === 'delete' ? controlResult.message : 'closed'}
              name="this endpoint"
              openLabel="Delete endpoint"
              keepLabel="Keep the endpoint"
              error={controlResult?.intent === 'delete' && !controlResult.ok ? controlResult.message : undefined}
            >
              {() => (
                <p className="text-sm text-red-800">
                  No more events are sent to it, and its delivery log is deleted with it.
                </p>
              )}
            </ConfirmDeletion>
          </div>
        ) : null}
      </Card>

      <section aria-labelledby="deliveries-heading" className="space-y-3">
        <h2 id="deliveries-heading" className="text-lg font-semibold text-gray-900">
          Deliveries
        </h2>
        <DeliveryLog
          deliveries={deliveries}
          nextCursor={nextCursor}
          query={query}
          detailHref={(deliveryId) => `${base}/deliveries/${deliveryId}`}
          canReplay={mayManage}
          result={result}
        />
      </section>

      {mayManage ? (
        <section aria-labelledby="edit-heading">
          <Card className="space-y-4">
            <h2 id="edit-heading" className="text-lg font-semibold text-gray-900">
              Edit endpoint
            </h2>
            {editResult?.isStale ? (
              <Callout title="The endpoint was not saved" color="red" role="alert">
                {editResult.message} Your values are still in the form: save again to replace theirs, or{' '}
                <Link to={base} reloadDocument className="font-medium underline">
                  load their version
                </Link>
                .
              </Callout>
            ) : editResult ? (
              <FormAlert message={editResult.message} tone={editResult.ok ? 'success' : 'error'} />
            ) : null}
            <EndpointForm
              // Refilled from what is stored after each save; kept as typed after a refusal.
              key={editResult && !editResult.ok ? `draft-${endpoint.version}` : endpoint.version}
              intent="update"
              version={endpoint.version}
              draft={editResult?.draft ?? draftOf(endpoint)}
              errors={editResult?.fieldErrors ?? {}}
              submitLabel="Save changes"
              pendingText="Saving…"
              labelledBy="edit-heading"
            />
          </Card>
        </section>
      ) : null}
    </div>
  );
}
