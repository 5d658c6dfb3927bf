/**
 * API keys (docs/decisions/024-api-keys.md), for members with api_keys:manage: the org's keys
 * with their prefix, scopes count, dates and status; a form to create one (scopes chosen from the
 * permissions the member holds, optional expiry and IP allowlist); rotate, revoke and delete. A
 * token comes back once, in the create or rotate response (never cached), and is never readable
 * afterwards: the server keeps only its hash.
 */
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useLoaderData, useRouteLoaderData } from '@remix-run/react';
import { useStickyActionData } from '~/lib/useStickyActionData';
import { TRPCError } from '@trpc/server';
import { ApiKeyCard } from '~/components/apiKeys/ApiKeyCard';
import type { ApiKeyActionResult } from '~/components/apiKeys/apiKeyChoices';
import {
  allowlistOf,
  apiKeyFailure,
  expiryOf,
  field,
  graceOf,
  intentOf,
  readCreateDraft,
  type CreateDraft,
} from '~/components/apiKeys/apiKeyForm.server';
import { ScopePicker } from '~/components/apiKeys/ScopePicker';
import { TokenOnce } from '~/components/apiKeys/TokenOnce';
import { FormAlert, SubmitButton, TextAreaField, TextField, fieldInputClass } from '~/components/forms';
import { throwOrgRouteError } from '~/components/shell/orgRouteErrors.server';
import { Card, Text } from '~/components/ui/tremor';
import { errorCodeOf } from '~/lib/errors';
import { ORG_LAYOUT_ROUTE_ID, type Permission } from '~/lib/permissions';

export const meta: MetaFunction = () => [{ title: 'API keys · Atrium' }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { caller, headers } = await context.trpc();
  const { keys } = await caller.apiKeys
    .list({ orgSlug: params.slug ?? '' })
    .catch((error: unknown) => throwOrgRouteError(error, request, headers));
  return data({ keys }, { headers });
}

/** Refusals of the page itself (no access, no such org) become its error page; a key's own are shown. */
function isAccessRefusal(error: unknown): boolean {
  if (!(error instanceof TRPCError) || !['UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND'].includes(error.code)) return false;
  return !errorCodeOf(error)?.startsWith('API_KEY_');
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const { caller, headers } = await context.trpc();
  // The response may carry a token: no cache may keep it.
  headers.set('Cache-Control', 'no-store');
  const orgSlug = params.slug ?? '';
  const form = await request.formData();
  const intent = intentOf(form);
  const keyId = intent === 'create' ? null : field(form, 'keyId');
  type Result = ApiKeyActionResult & { draft: CreateDraft | null };
  const reply = (result: Partial<Result> & { ok: boolean; message: string }, status = 200) =>
    data<Result>(
      { intent, keyId, token: null, fieldErrors: {}, needsConfirmName: false, draft: null, ...result },
      { status, headers },
    );
  const draft = intent === 'create' ? readCreateDraft(form) : null;
  try {
    switch (intent) {
      case 'create': {
        const expiresAt = expiryOf(draft!.expiresOn);
        if (expiresAt === 'invalid') {
          return reply(
            {
              ok: false,
              message: 'Please correct the highlighted fields.',
              fieldErrors: { expiresOn: ['Pick a day after today'] },
            },
            400,
          );
        }
        const created = await caller.apiKeys.create({
          orgSlug,
          name: draft!.name,
          scopes: draft!.scopes as Permission[],
          expiresAt,
          ipAllowlist: allowlistOf(draft!.ipAllowlist),
        });
        return reply({
          ok: true,
          keyId: created.id,
          message: `Created ${created.name}.`,
          token: { keyName: created.name, value: created.token },
        });
      }
      case 'rotate': {
        const rotated = await caller.apiKeys.rotate({ orgSlug, keyId: keyId ?? '', graceHours: graceOf(form) });
        return reply({
          ok: true,
          message: `Rotated ${rotated.name}: copy its new token above.`,
          token: { keyName: rotated.name, value: rotated.token },
        });
      }
      case 'revoke': {
        const revoked = await caller.apiKeys.revoke({ orgSlug, keyId: keyId ?? '' });
        return reply({ ok: true, message: `Revoked ${revoked.name}: its tokens no longer work.` });
      }
      case 'delete': {
        const confirmName = form.get('confirmName');
        await caller.apiKeys.delete({
          orgSlug,
          keyId: keyId ?? '',
          ...(typeof confirmName === 'string' ? { confirmName } : {}),
        });
        return reply({ ok: true, keyId: null, message: 'The key was deleted.' });
      }
      default:
        return reply({ ok: false, message: 'Unknown action.' }, 400);
    }
  } catch (error) {
    if (isAccessRefusal(error)) throwOrgRouteError(error, request, headers);
    const { status, ...failure } = apiKeyFailure(error);
    return reply({ ok: false, ...failure, draft }, status);
  }
}

function NewKeyForm({ result }: { result: ReturnType<typeof useStickyActionData<typeof action>> | null }) {
  const held = useRouteLoaderData<{ permissions: Permission[] }>(ORG_LAYOUT_ROUTE_ID)?.permissions ?? [];
  const failed = result?.intent === 'create' && !result.ok ? result : null;
  const draft = failed?.draft ?? null;
  const errors = failed?.fieldErrors ?? {};
  return (
    <Card>
      <h2 id="new-key" className="text-lg font-semibold text-gray-900">
        New API key
      </h2>
      {failed ? (
        <div className="mt-3">
          <FormAlert message={failed.message} />
        </div>
      ) : null}
      <Form
        // Emptied after a key is made, kept as typed after a refusal.
        key={result?.intent === 'create' && result.ok ? result.keyId : 'draft'}
        method="post"
        className="mt-4 space-y-5"
        aria-labelledby="new-key"
        noValidate
      >
        <input type="hidden" name="intent" value="create" />
        <TextField
          name="name"
          label="Name"
          required
          maxLength={100}
          defaultValue={draft?.name ?? ''}
          hint="Say what uses it, e.g. “CRM sync”."
          errors={errors.name}
        />
        <ScopePicker held={held} checked={draft?.scopes ?? []} errors={errors.scopes} />
        <div className="space-y-1">
          <label htmlFor="api-key-expires" className="block text-sm font-medium text-gray-700">
            Expires on (optional)
          </label>
          <input
            id="api-key-expires"
            type="date"
            name="expiresOn"
            defaultValue={draft?.expiresOn ?? ''}
            aria-invalid={errors.expiresOn ? true : undefined}
            aria-describedby={errors.expiresOn ? 'api-key-expires-error' : 'api-key-expires-hint'}
            className={`${fieldInputClass(Boolean(errors.expiresOn))} max-w-xs`}
          />
          <p id="api-key-expires-hint" className="text-xs text-gray-500">
            The key stops working at the end of that day (UTC). Leave empty for a key that does not expire.
          </p>
          {errors.expiresOn?.[0] ? (
            <p id="api-key-expires-error" role="alert" className="text-sm text-red-600">
              {errors.expiresOn[0]}
            </p>
          ) : null}
        </div>
        <TextAreaField
          name="ipAllowlist"
          label="IP allowlist (optional)"
          rows={3}
          defaultValue={draft?.ipAllowlist ?? ''}
          placeholder={'203.0.113.0/24\n2001:db8::1'}
          hint="One address or CIDR range per line. Empty: the key works from any address."
          errors={errors.ipAllowlist}
        />
        <SubmitButton pendingText="Creating…">Create key</SubmitButton>
      </Form>
    </Card>
  );
}

export default function ApiKeys() {
  const { keys } = useLoaderData<typeof loader>();
  const result = useStickyActionData<typeof action>() ?? null;
  const deleted = result?.intent === 'delete' && result.ok ? result : null;
  return (
    <div className="max-w-3xl space-y-6">
      <div>
        <h1 className="text-tremor-title font-semibold text-tremor-content-strong">API keys</h1>
        <Text className="mt-1">
          Keys let your integrations and scripts call Atrium. A key can do only what its scopes allow, and never more
          than its creator can do now; a key of a deactivated member stops working.
        </Text>
        <Text className="mt-1">
          Use them with the REST API at <code>/api/v1</code>:{' '}
          <a className="text-blue-700 underline" href="/docs/api">
            read the API reference
          </a>
          .
        </Text>
      </div>

      {result?.token ? <TokenOnce token={result.token.value} keyName={result.token.keyName} /> : null}
      {deleted ? <FormAlert message={deleted.message} tone="success" /> : null}

      <section aria-labelledby="keys-heading" className="space-y-3">
        <h2 id="keys-heading" className="text-lg font-semibold text-gray-900">
          Keys
        </h2>
        {keys.length === 0 ? (
          <Card>
            <Text>No API keys yet. Create one below for each integration, so each can be revoked on its own.</Text>
          </Card>
        ) : (
          <ul className="space-y-3">
            {keys.map((key) => (
              <li key={key.id}>
                <ApiKeyCard apiKey={key} result={result} />
              </li>
            ))}
          </ul>
        )}
      </section>

      <NewKeyForm result={result} />
    </div>
  );
}
