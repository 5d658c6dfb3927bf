/**
 * One API key in the list: its name, recognisable prefix, scopes count, dates and status, its
 * usage chart behind a disclosure (./KeyUsage.tsx), and — while it is active — rotate (with a
 * grace the person picks) and revoke, each behind its own disclosure so nothing happens on one
 * click; delete asks for the key's name when the server says the key was used recently.
 */
import { Form } from '@remix-run/react';
import { Badge, type BadgeColor } from '~/components/Badge';
import { ConfirmDeletion } from '~/components/ConfirmDeletion';
import { FormAlert, SubmitButton, fieldInputClass } from '~/components/forms';
import { Card } from '~/components/ui/tremor';
import { countOf } from '../../../server/shared/plural';
import { GRACE_CHOICES, type ApiKeyActionResult } from './apiKeyChoices';
import { KeyUsage } from './KeyUsage';

export type ApiKeyRow = {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  status: 'active' | 'expired' | 'revoked';
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  previousValidUntil: Date | null;
};

const STATUS: Record<ApiKeyRow['status'], { label: string; color: BadgeColor }> = {
  active: { label: 'Active', color: 'emerald' },
  expired: { label: 'Expired', color: 'amber' },
  revoked: { label: 'Revoked', color: 'red' },
};

/** A UTC calendar date: the same text on the server and in the browser. */
function day(date: Date | null, none: string): string {
  return date ? date.toISOString().slice(0, 10) : none;
}

const SUMMARY_CLASS =
  'cursor-pointer rounded-md px-2 py-1 text-sm font-medium text-blue-700 hover:bg-blue-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500';

export function ApiKeyCard({ apiKey, result }: { apiKey: ApiKeyRow; result: ApiKeyActionResult | null }) {
  const mine = result?.keyId === apiKey.id ? result : null;
  const status = STATUS[apiKey.status];
  return (
    <Card className="space-y-3" data-testid="api-key">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="min-w-0 break-words text-base font-semibold text-gray-900">{apiKey.name}</h3>
        <Badge color={status.color}>{status.label}</Badge>
      </div>
      <p className="break-all font-mono text-sm text-gray-700">{`${apiKey.prefix}_…`}</p>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4">
        <div>
          <dt className="text-gray-500">Scopes</dt>
          <dd>{countOf(apiKey.scopes.length, 'scope')}</dd>
        </div>
        <div>
          <dt className="text-gray-500">Created</dt>
          <dd>{day(apiKey.createdAt, '—')}</dd>
        </div>
        <div>
          <dt className="text-gray-500">Last used</dt>
          <dd>{day(apiKey.lastUsedAt, 'Never')}</dd>
        </div>
        <div>
          <dt className="text-gray-500">Expires</dt>
          <dd>{day(apiKey.expiresAt, 'Never')}</dd>
        </div>
      </dl>
      {apiKey.previousValidUntil ? (
        <p className="text-sm text-gray-600">
          The token replaced by the last rotation works until{' '}
          {apiKey.previousValidUntil.toISOString().replace('T', ' ').slice(0, 16)} UTC.
        </p>
      ) : null}
      <KeyUsage keyId={apiKey.id} keyName={apiKey.name} />
      {mine && mine.intent !== 'delete' ? (
        <FormAlert message={mine.message} tone={mine.ok ? 'success' : 'error'} />
      ) : null}
      <div className="flex flex-wrap items-start gap-3 border-t border-gray-100 pt-3">
        {apiKey.status === 'active' ? (
          <>
            <details className="w-full sm:w-auto">
              <summary className={SUMMARY_CLASS}>Rotate…</summary>
              <Form method="post" className="mt-2 space-y-2">
                <input type="hidden" name="intent" value="rotate" />
                <input type="hidden" name="keyId" value={apiKey.id} />
                <label htmlFor={`grace-${apiKey.id}`} className="block text-sm font-medium text-gray-700">
                  The current token
                </label>
                <select
                  id={`grace-${apiKey.id}`}
                  name="graceHours"
                  defaultValue="24"
                  className={fieldInputClass(false)}
                >
                  {GRACE_CHOICES.map((choice) => (
                    <option key={choice.hours} value={choice.hours}>
                      {choice.label}
                    </option>
                  ))}
                </select>
                <SubmitButton variant="secondary">Rotate {apiKey.name}</SubmitButton>
              </Form>
            </details>
            <details className="w-full sm:w-auto">
              <summary className={SUMMARY_CLASS}>Revoke…</summary>
              <Form method="post" className="mt-2 space-y-2 rounded-md border border-red-200 bg-red-50 p-3">
                <input type="hidden" name="intent" value="revoke" />
                <input type="hidden" name="keyId" value={apiKey.id} />
                <p className="text-sm text-red-800">
                  Everything using this key stops working at once. A revoked key cannot be turned back on.
                </p>
                <SubmitButton color="red">Revoke {apiKey.name}</SubmitButton>
              </Form>
            </details>
          </>
        ) : null}
        <ConfirmDeletion
          // Reopened (with the name field) when the server asks for the name.
          key={mine?.intent === 'delete' ? mine.message : 'closed'}
          name={apiKey.name}
          openLabel={`Delete ${apiKey.name}`}
          keepLabel="Keep the key"
          error={mine?.intent === 'delete' && !mine.ok ? mine.message : undefined}
        >
          {(ids) => (
            <>
              <input type="hidden" name="keyId" value={apiKey.id} />
              <p className="text-sm text-red-800">Deleting removes the key and its history from this list.</p>
              {mine?.needsConfirmName ? (
                <div className="space-y-1">
                  <label htmlFor={ids.field} className="block text-sm font-medium text-gray-700">
                    Type the key’s name to confirm
                  </label>
                  <input
                    id={ids.field}
                    name="confirmName"
                    autoComplete="off"
                    aria-describedby={ids.error}
                    className={fieldInputClass(true)}
                  />
                </div>
              ) : null}
            </>
          )}
        </ConfirmDeletion>
      </div>
    </Card>
  );
}
