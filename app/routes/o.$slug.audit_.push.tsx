/**
 * Audit push settings (docs/decisions/012-audit-push.md): the org's HTTP endpoint that receives new
 * audit events as signed NDJSON. Members with audit:read see the status; audit:export may set the
 * URL, switch pushing on and off, rotate the signing secret and send a test event. Every action
 * is a plain form post (works without JavaScript). A signing secret comes back once, in the
 * action's response (never cached), and is never readable afterwards.
 */
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useParams } from '@remix-run/react';
import { useStickyActionData } from '~/lib/useStickyActionData';
import { TRPCError } from '@trpc/server';
import { Card, Text } from '~/components/ui/tremor';
import { ZodError } from 'zod';
import { PushStateBadge, PushStatusList } from '~/components/audit/push/PushStatusList';
import { SigningSecretOnce } from '~/components/audit/push/SigningSecretOnce';
import { FormAlert, SubmitButton, TextField } from '~/components/forms';
import { throwOrgRouteError } from '~/components/shell/orgRouteErrors.server';
import { toActionFailure } from '~/lib/errors';
import { useCan } from '~/lib/permissions';
import { BACKLOG_LIMIT } from '../../server/shared/auditPushBacklog';

export const meta: MetaFunction = () => [{ title: 'Audit push · Atrium' }];

const INTENTS = ['configure', 'rotate', 'enable', 'disable', 'test'] as const;
type Intent = (typeof INTENTS)[number];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { caller, headers } = await context.trpc();
  const { endpoint } = await caller.auditPush
    .get({ orgSlug: params.slug ?? '' })
    .catch((error: unknown) => throwOrgRouteError(error, request, headers));
  return data({ endpoint, backlogLimit: BACKLOG_LIMIT }, { headers });
}

type ActionResult = {
  ok: boolean;
  intent: Intent | null;
  message: string;
  signingSecret: string | null;
  urlError: string | null;
  draftUrl: string | null;
};

function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

function versionOf(form: FormData): number | null {
  const version = Number(field(form, 'version'));
  return Number.isSafeInteger(version) && version > 0 ? version : null;
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const { caller, headers } = await context.trpc();
  // The response may carry a signing secret: no cache may keep it.
  headers.set('Cache-Control', 'no-store');
  const orgSlug = params.slug ?? '';
  const form = await request.formData();
  const raw = field(form, 'intent');
  const intent = (INTENTS as readonly string[]).includes(raw) ? (raw as Intent) : null;
  const reply = (result: Partial<ActionResult> & { ok: boolean; message: string }, status = 200) =>
    data<ActionResult>({ intent, signingSecret: null, urlError: null, draftUrl: null, ...result }, { status, headers });
  const version = versionOf(form);
  try {
    switch (intent) {
      case 'configure': {
        const issued = await caller.auditPush.configure({ orgSlug, url: field(form, 'url'), version });
        return reply({ ok: true, message: 'Saved. Pushing is on.', signingSecret: issued.signingSecret });
      }
      case 'rotate': {
        const issued = await caller.auditPush.rotateSecret({ orgSlug, version: version ?? 0 });
        return reply({
          ok: true,
          message: 'A new signing secret was issued; the old one no longer signs requests.',
          signingSecret: issued.signingSecret,
        });
      }
      case 'enable':
        await caller.auditPush.enable({ orgSlug, version: version ?? 0 });
        return reply({ ok: true, message: 'Pushing is on.' });
      case 'disable':
        await caller.auditPush.disable({ orgSlug, version: version ?? 0 });
        return reply({ ok: true, message: 'Pushing is off. Events recorded meanwhile are sent when it is back on.' });
      case 'test': {
        const result = await caller.auditPush.sendTest({ orgSlug });
        return result.ok
          ? reply({ ok: true, message: `Test event delivered (HTTP ${result.status}).` })
          : reply({ ok: false, message: `The test event was not accepted: ${result.error}` }, 502);
      }
      default:
        return reply({ ok: false, message: 'Unknown action.' }, 400);
    }
  } catch (error) {
    if (error instanceof TRPCError && ['UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND'].includes(error.code)) {
      throwOrgRouteError(error, request, headers);
    }
    const failure = toActionFailure(error);
    const urlError =
      error instanceof TRPCError && error.cause instanceof ZodError
        ? (failure.fieldErrors.url?.[0] ?? null)
        : error instanceof TRPCError && error.code === 'BAD_REQUEST'
          ? error.message
          : null;
    const status = error instanceof TRPCError && error.code === 'CONFLICT' ? 409 : 400;
    return reply(
      {
        ok: false,
        message: urlError ? 'Please correct the URL.' : failure.message,
        urlError,
        draftUrl: field(form, 'url'),
      },
      status,
    );
  }
}

function IntentButton({
  intent,
  version,
  children,
  variant = 'secondary',
}: {
  intent: Intent;
  version: number;
  children: string;
  variant?: 'primary' | 'secondary';
}) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="version" value={version} />
      <SubmitButton variant={variant}>{children}</SubmitButton>
    </Form>
  );
}

export default function AuditPush() {
  const { endpoint, backlogLimit } = useLoaderData<typeof loader>();
  const result = useStickyActionData<typeof action>();
  const slug = useParams().slug ?? '';
  const can = useCan();
  const mayChange = can('audit:export');

  return (
    <div className="max-w-3xl space-y-6">
      <div>
        <Link to={`/o/${slug}/audit`} className="text-sm text-blue-700 hover:underline">
          ← Audit trail
        </Link>
        <h1 className="mt-2 text-tremor-title font-semibold text-tremor-content-strong">Push to your endpoint</h1>
        <Text className="mt-1">
          New audit events are sent every minute to your HTTPS endpoint as NDJSON (one event per line, the same fields
          as the NDJSON export), signed with HMAC-SHA256 in the Atrium-Signature header (t=&lt;unix time&gt;,v1=&lt;hex
          of HMAC(secret, &quot;t.body&quot;)&gt;). Delivery is at least once: de-duplicate on the event id. A non-2xx
          answer is retried with growing pauses; after 8 failures in a row pushing turns off.
        </Text>
      </div>

      {result ? <FormAlert message={result.message} tone={result.ok ? 'success' : 'error'} /> : null}
      {result?.signingSecret ? <SigningSecretOnce secret={result.signingSecret} /> : null}

      {endpoint ? (
        <Card className="space-y-4">
          <div className="flex flex-wrap items-center justify-between gap-3">
            <div className="min-w-0">
              <p className="text-sm text-gray-500">Endpoint</p>
              <p className="break-all font-mono text-sm text-gray-900" data-testid="push-url">
                {endpoint.url}
              </p>
            </div>
            <PushStateBadge status={endpoint} />
          </div>
          <PushStatusList status={endpoint} backlogLimit={backlogLimit} />
          {mayChange ? (
            <div className="flex flex-wrap gap-2 border-t border-gray-100 pt-4">
              {endpoint.isEnabled ? (
                <IntentButton intent="disable" version={endpoint.version}>
                  Turn pushing off
                </IntentButton>
              ) : (
                <IntentButton intent="enable" version={endpoint.version} variant="primary">
                  Turn pushing on
                </IntentButton>
              )}
              <IntentButton intent="test" version={endpoint.version}>
                Send test event
              </IntentButton>
              <IntentButton intent="rotate" version={endpoint.version}>
                Rotate signing secret
              </IntentButton>
            </div>
          ) : null}
        </Card>
      ) : (
        <Card>
          <Text>No endpoint is configured: audit events are not pushed anywhere.</Text>
        </Card>
      )}

      {mayChange ? (
        <Card>
          <Form method="post" className="space-y-4" noValidate>
            <input type="hidden" name="intent" value="configure" />
            {endpoint ? <input type="hidden" name="version" value={endpoint.version} /> : null}
            <TextField
              // A new key after each save, so the field shows what is now stored.
              key={endpoint?.version ?? 0}
              name="url"
              type="url"
              label="Endpoint URL"
              required
              maxLength={2048}
              defaultValue={result?.draftUrl ?? endpoint?.url ?? ''}
              hint="https:// only, on a public address. Saving issues a new signing secret."
              errors={result?.urlError ? [result.urlError] : undefined}
            />
            <SubmitButton pendingText="Saving…">
              {endpoint ? 'Save and issue a new secret' : 'Save and turn on'}
            </SubmitButton>
          </Form>
        </Card>
      ) : null}
    </div>
  );
}
