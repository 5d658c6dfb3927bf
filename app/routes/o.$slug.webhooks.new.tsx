/**
 * Adding a webhook endpoint (webhooks:manage): URL, description, events, enabled. The server
 * refuses a URL it will not call (not https, a private address) next to the field. On success the
 * endpoint's `whsec_` signing secret is shown once, in this action's answer (never cached).
 */
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useParams } from '@remix-run/react';
import { useStickyActionData } from '~/lib/useStickyActionData';
import { useEffect, useRef } from 'react';
import { FormAlert } from '~/components/forms';
import { throwMissingPermission, throwOrgRouteError } from '~/components/shell/orgRouteErrors.server';
import { Card, Text } from '~/components/ui/tremor';
import { EndpointForm } from '~/components/webhooks/EndpointForm';
import {
  EMPTY_DRAFT,
  draftErrors,
  endpointFields,
  hasErrors,
  readEndpointDraft,
  type EndpointDraft,
} from '~/components/webhooks/endpointDraft';
import { webhookFailure } from '~/components/webhooks/webhookFailure.server';
import { WebhookSecretOnce } from '~/components/webhooks/WebhookSecretOnce';
import type { FieldErrors } from '~/components/forms';

export const meta: MetaFunction = () => [{ title: 'Add endpoint · Webhooks · Atrium' }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { caller, headers } = await context.trpc();
  const current = await caller.orgs
    .current({ orgSlug: params.slug ?? '' })
    .catch((error: unknown) => throwOrgRouteError(error, request, headers));
  if (!current.permissions.includes('webhooks:manage')) throwMissingPermission('webhooks:manage', headers);
  return data(null, { headers });
}

type CreateResult =
  | { ok: true; endpointId: string; url: string; secret: string }
  | { ok: false; message: string; fieldErrors: FieldErrors; draft: EndpointDraft };

export async function action({ params, request, context }: ActionFunctionArgs) {
  const { caller, headers } = await context.trpc();
  // The answer carries the signing secret: no cache may keep it.
  headers.set('Cache-Control', 'no-store');
  const draft = readEndpointDraft(await request.formData());
  const problems = draftErrors(draft);
  if (hasErrors(problems)) {
    return data<CreateResult>(
      { ok: false, message: 'Please correct the highlighted fields.', fieldErrors: problems, draft },
      { status: 400, headers },
    );
  }
  try {
    const created = await caller.webhooks.create({ orgSlug: params.slug ?? '', ...endpointFields(draft) });
    return data<CreateResult>(
      { ok: true, endpointId: created.endpoint.id, url: created.endpoint.url, secret: created.secret },
      { headers },
    );
  } catch (error) {
    const failure = webhookFailure(error, request, headers);
    return data<CreateResult>(
      { ok: false, message: failure.message, fieldErrors: failure.fieldErrors, draft },
      { status: failure.status, headers },
    );
  }
}

/** After adding: the secret once, and where to go next. Focus moves here, as the form is gone. */
function EndpointAdded({ endpointId, secret, orgSlug }: { endpointId: string; secret: string; orgSlug: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section aria-labelledby="endpoint-added" className="space-y-4">
      <h2
        id="endpoint-added"
        ref={heading}
        tabIndex={-1}
        className="text-lg font-semibold text-gray-900 focus:outline-none"
      >
        The endpoint was added
      </h2>
      <WebhookSecretOnce secret={secret} orgSlug={orgSlug} />
      <div className="flex flex-wrap gap-4">
        <Link
          to={`/o/${orgSlug}/webhooks/${endpointId}`}
          className="rounded-tremor-default bg-blue-600 px-4 py-2 text-sm font-medium text-white hover:bg-blue-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 focus-visible:ring-offset-2"
        >
          Open the endpoint
        </Link>
        <Link to={`/o/${orgSlug}/webhooks`} className="py-2 text-sm font-medium text-blue-700 hover:underline">
          Back to webhooks
        </Link>
      </div>
    </section>
  );
}

export default function NewWebhookEndpoint() {
  const result = useStickyActionData<typeof action>();
  const slug = useParams().slug ?? '';
  return (
    <div className="max-w-3xl space-y-6">
      <div>
        <Link to={`/o/${slug}/webhooks`} className="text-sm text-blue-700 hover:underline">
          ← Webhooks
        </Link>
        <h1 id="new-endpoint" className="mt-2 text-tremor-title font-semibold text-tremor-content-strong">
          Add endpoint
        </h1>
        <Text className="mt-1">
          Atrium sends each event the endpoint subscribes to as a signed POST request.{' '}
          <Link to={`/o/${slug}/webhooks/events`} className="font-medium text-blue-700 hover:underline">
            See the event types
          </Link>
        </Text>
      </div>
      {result?.ok ? (
        <EndpointAdded endpointId={result.endpointId} secret={result.secret} orgSlug={slug} />
      ) : (
        <Card className="space-y-4">
          {result ? <FormAlert message={result.message} /> : null}
          <EndpointForm
            intent="create"
            draft={result?.draft ?? EMPTY_DRAFT}
            errors={result?.fieldErrors ?? {}}
            submitLabel="Add endpoint"
            pendingText="Adding…"
            labelledBy="new-endpoint"
          />
        </Card>
      )}
    </div>
  );
}
