/** The filter form: a GET form, so the filters are the URL (shareable, back-button safe). */
import { Form, Link } from '@remix-run/react';

const INPUT =
  'mt-1 block w-full rounded-md border border-gray-300 px-2 py-1.5 text-sm shadow-sm focus:border-blue-500 focus:outline-none focus:ring-1 focus:ring-blue-500';

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <label className="block text-xs font-medium text-gray-700">
      {label}
      {children}
    </label>
  );
}

export function AuditFilterForm({ search, basePath }: { search: URLSearchParams; basePath: string }) {
  const value = (name: string) => search.get(name) ?? '';
  return (
    <Form method="get" className="grid grid-cols-2 gap-3 md:grid-cols-4 lg:grid-cols-8" aria-label="Filter events">
      <Field label="Actor (email or id)">
        <input name="actor" defaultValue={value('actor')} className={INPUT} />
      </Field>
      <Field label="Actions (comma-separated)">
        <input
          name="actions"
          defaultValue={value('actions')}
          placeholder="roles.update, roles.create"
          className={INPUT}
        />
      </Field>
      <Field label="Resource type">
        <input name="resourceType" defaultValue={value('resourceType')} className={INPUT} />
      </Field>
      <Field label="Resource id">
        <input name="resourceId" defaultValue={value('resourceId')} className={INPUT} />
      </Field>
      <Field label="Outcome">
        <select name="outcome" defaultValue={value('outcome')} className={INPUT}>
          <option value="">Any</option>
          <option value="success">Success</option>
          <option value="failure">Failure</option>
        </select>
      </Field>
      <Field label="From (UTC)">
        <input type="date" name="from" defaultValue={value('from')} className={INPUT} />
      </Field>
      <Field label="To (UTC, inclusive)">
        <input type="date" name="to" defaultValue={value('to')} className={INPUT} />
      </Field>
      <div className="flex items-end gap-2">
        <button
          type="submit"
          className="rounded-md bg-blue-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-700"
        >
          Filter
        </button>
        <Link to={basePath} className="px-1 py-1.5 text-sm text-gray-600 hover:underline">
          Clear
        </Link>
      </div>
    </Form>
  );
}
