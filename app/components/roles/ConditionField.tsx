/**
 * The optional CEL condition on one directly granted permission: collapsed behind an
 * "Add condition" disclosure until opened (or until it holds a value or an error). The input is
 * always rendered, only hidden while collapsed, so a typed condition posts — and survives a refused
 * save — with or without JavaScript. The condition is compiled when the role is saved; the server's
 * message for a bad one is shown under the input.
 */
import { useId, useState } from 'react';

export function ConditionField({
  permission,
  name,
  defaultValue,
  error,
  helpId,
}: {
  permission: string;
  name: string;
  defaultValue: string;
  error?: string;
  /** The id of the shared help text's summary (the full list is one click away). */
  helpId: string;
}) {
  const id = useId();
  const [open, setOpen] = useState(defaultValue.trim() !== '' || Boolean(error));
  const inputId = `${id}-input`;
  const errorId = `${id}-error`;
  return (
    <div className="ml-6 mt-1 space-y-1">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        onClick={() => setOpen((value) => !value)}
        className="rounded text-xs font-medium text-blue-700 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500"
      >
        {open ? 'Hide condition' : defaultValue.trim() ? 'Edit condition' : 'Add condition'}
        <span className="sr-only"> for {permission}</span>
      </button>
      <div id={`${id}-panel`} hidden={!open} className="space-y-1">
        <label htmlFor={inputId} className="block text-xs font-medium text-gray-700">
          Condition for {permission} <span className="font-normal text-gray-500">(CEL, optional)</span>
        </label>
        <input
          id={inputId}
          name={name}
          type="text"
          defaultValue={defaultValue}
          placeholder='e.g. principal.region == "EU"'
          spellCheck={false}
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={[error ? errorId : null, helpId].filter(Boolean).join(' ')}
          className={`block w-full rounded-tremor-default border bg-white px-2 py-1 font-mono text-xs shadow-tremor-input outline-none focus:ring-2 ${
            error
              ? 'border-red-500 focus:border-red-500 focus:ring-red-200'
              : 'border-tremor-border focus:border-tremor-brand-subtle focus:ring-tremor-brand-muted'
          }`}
        />
        {error ? (
          <p id={errorId} role="alert" className="text-xs text-red-600">
            {error}
          </p>
        ) : null}
      </div>
    </div>
  );
}

/** What a condition may use (server/authz/conditions/environment.ts), with one example each. */
export function ConditionHelp({ id }: { id: string }) {
  return (
    <details className="rounded-md border border-gray-200 bg-gray-50 p-3 text-xs text-gray-700">
      <summary id={id} className="cursor-pointer font-medium text-gray-900">
        Conditions (CEL): a checked permission applies only when its condition is true
      </summary>
      <dl className="mt-2 space-y-1">
        <div>
          <dt className="inline font-mono">principal.department / region / title</dt>
          <dd className="inline"> — the member asking, from their profile. </dd>
          <code className="rounded bg-white px-1">principal.department == &quot;Finance&quot;</code>
        </div>
        <div>
          <dt className="inline font-mono">resource.*</dt>
          <dd className="inline"> — attributes of the thing acted on (e.g. amount, region, type). </dd>
          <code className="rounded bg-white px-1">resource.amount &lt;= 1000</code>
        </div>
        <div>
          <dt className="inline font-mono">env.ip / hour / weekday / timezone</dt>
          <dd className="inline">
            {' '}
            — the request; hour 0–23 and weekday 1 = Monday … 7 = Sunday in the organization’s time zone.{' '}
          </dd>
          <code className="rounded bg-white px-1">env.weekday &lt;= 5 &amp;&amp; env.hour &gt;= 8</code>
        </div>
        <div>
          <dt className="inline font-mono">ipInAny(ip, cidrs)</dt>
          <dd className="inline"> — whether ip lies in any of the ranges. </dd>
          <code className="rounded bg-white px-1">
            ipInAny(env.ip, [&quot;10.0.0.0/8&quot;, &quot;2001:db8::/32&quot;])
          </code>
        </div>
        <div>
          <dt className="inline font-mono">inCidr(ip, cidr)</dt>
          <dd className="inline"> — whether ip lies in one IPv4 or IPv6 range. </dd>
          <code className="rounded bg-white px-1">inCidr(env.ip, &quot;192.168.0.0/16&quot;)</code>
        </div>
      </dl>
      <p className="mt-2">Conditions are checked when you save; a mistake is shown under its input.</p>
    </details>
  );
}
