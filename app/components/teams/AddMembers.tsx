/**
 * The add-members picker: a search over the org's active members (name or email, a GET form, so
 * the results are in the URL and work without JavaScript), then check several people and add
 * them in one go. People already in the team are listed as such, without a checkbox.
 */
import { Form, useLocation } from '@remix-run/react';
import { useId } from 'react';
import type { MemberSearchResult } from '../../../server/teams/teamSchemas';
import { SubmitButton } from '~/components/forms';
import { Button } from '~/components/Button';

export function AddMembers({
  query,
  results,
  teamName,
  error,
}: {
  query: string;
  results: MemberSearchResult;
  teamName: string;
  error?: string;
}) {
  const id = useId();
  const location = useLocation();
  const addable = results.filter((person) => !person.inTeam);
  return (
    <section aria-labelledby={`${id}-title`} className="space-y-3">
      <h3 id={`${id}-title`} className="text-base font-semibold text-gray-900">
        Add members
      </h3>
      <Form
        method="get"
        action={location.pathname}
        preventScrollReset
        className="flex flex-wrap items-end gap-2"
        role="search"
      >
        <div className="space-y-1">
          <label htmlFor={`${id}-q`} className="block text-sm font-medium text-gray-700">
            Search members
          </label>
          <input
            id={`${id}-q`}
            name="q"
            type="search"
            defaultValue={query}
            maxLength={100}
            placeholder="Name or email"
            className="block w-64 rounded-tremor-default border border-tremor-border bg-white px-3 py-2 text-tremor-default shadow-tremor-input outline-none focus:border-tremor-brand-subtle focus:ring-2 focus:ring-tremor-brand-muted"
          />
        </div>
        <Button type="submit" variant="secondary">
          Search
        </Button>
      </Form>
      <Form method="post" preventScrollReset className="space-y-3" aria-labelledby={`${id}-title`}>
        <input type="hidden" name="intent" value="addMembers" />
        {results.length === 0 ? (
          <p className="text-sm text-gray-600">
            {query ? `No active member matches “${query}”.` : 'No members to show.'}
          </p>
        ) : (
          <fieldset>
            <legend className="sr-only">Members to add to {teamName}</legend>
            <ul className="grid gap-2 sm:grid-cols-2">
              {results.map((person) => (
                <li key={person.membershipId}>
                  {person.inTeam ? (
                    <p className="rounded-md border border-gray-100 p-2 text-sm text-gray-500">
                      {person.name} <span className="block text-xs">{person.email} · already in the team</span>
                    </p>
                  ) : (
                    <label className="flex items-start gap-2 rounded-md border border-gray-200 p-2 text-sm hover:bg-gray-50">
                      <input
                        type="checkbox"
                        name="membershipIds"
                        value={person.membershipId}
                        className="mt-0.5 h-4 w-4 shrink-0 rounded border-gray-300 text-blue-600 focus:ring-blue-500"
                      />
                      <span>
                        <span className="font-medium text-gray-900">{person.name}</span>
                        <span className="block text-xs text-gray-600">{person.email}</span>
                      </span>
                    </label>
                  )}
                </li>
              ))}
            </ul>
          </fieldset>
        )}
        {error ? (
          <p role="alert" className="text-sm text-red-600">
            {error}
          </p>
        ) : null}
        {addable.length > 0 ? <SubmitButton pendingText="Adding…">Add selected</SubmitButton> : null}
      </Form>
    </section>
  );
}
