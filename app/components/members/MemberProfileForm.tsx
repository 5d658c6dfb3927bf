/**
 * A member's profile attributes (department, region, title — what access conditions read) and
 * manager, saved against the version the page loaded. A stale save says so and offers a reload;
 * what was typed stays in the fields either way.
 */
import { Form, Link } from '@remix-run/react';
import { useId } from 'react';
import { FormAlert, SubmitButton, TextField, type FieldErrors } from '~/components/forms';
import type { ProfileDraft } from './memberForms';

type ManagerOption = { membershipId: string; name: string; email: string };

export function MemberProfileForm({
  values,
  version,
  managerOptions,
  fieldErrors,
  message,
  isStale,
  saved,
  reloadHref,
}: {
  values: ProfileDraft;
  version: number;
  managerOptions: ManagerOption[];
  fieldErrors: FieldErrors;
  message: string | null;
  isStale: boolean;
  saved: boolean;
  reloadHref: string;
}) {
  const id = useId();
  const managerError = fieldErrors.managerMembershipId?.[0];
  return (
    <Form method="post" className="space-y-4" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="text-base font-semibold text-gray-900">
        Profile
      </h2>
      {saved ? <FormAlert tone="success" message="Profile saved." /> : null}
      {message ? <FormAlert message={message} /> : null}
      {isStale ? (
        <p className="text-sm">
          <Link to={reloadHref} reloadDocument className="font-medium text-blue-700 hover:underline">
            Reload to see their changes
          </Link>
        </p>
      ) : null}
      <input type="hidden" name="intent" value="profile" />
      <input type="hidden" name="version" value={version} />
      <div className="grid gap-4 md:grid-cols-3">
        <TextField
          name="department"
          label="Department"
          defaultValue={values.department}
          maxLength={100}
          errors={fieldErrors.department}
        />
        <TextField
          name="region"
          label="Region"
          defaultValue={values.region}
          maxLength={100}
          errors={fieldErrors.region}
        />
        <TextField name="title" label="Title" defaultValue={values.title} maxLength={100} errors={fieldErrors.title} />
      </div>
      <div className="space-y-1">
        <label htmlFor={`${id}-manager`} className="block text-sm font-medium text-gray-700">
          Manager
        </label>
        <select
          id={`${id}-manager`}
          name="managerMembershipId"
          defaultValue={values.managerMembershipId}
          aria-invalid={managerError ? true : undefined}
          aria-describedby={managerError ? `${id}-manager-error` : undefined}
          className="block w-full rounded-tremor-default border border-tremor-border bg-white px-3 py-2 text-tremor-default shadow-tremor-input focus:outline-none focus:ring-2 focus:ring-tremor-brand-muted md:w-1/2"
        >
          <option value="">No manager</option>
          {managerOptions.map((option) => (
            <option key={option.membershipId} value={option.membershipId}>
              {option.name} ({option.email})
            </option>
          ))}
        </select>
        {managerError ? (
          <p id={`${id}-manager-error`} role="alert" className="text-sm text-red-600">
            {managerError}
          </p>
        ) : null}
      </div>
      <SubmitButton pendingText="Saving…">Save profile</SubmitButton>
    </Form>
  );
}
