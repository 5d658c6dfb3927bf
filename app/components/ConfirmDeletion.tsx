/**
 * A deletion in two steps: a "Delete …" button opens a confirmation form (intent=delete) titled
 * "Delete <name>?", with whatever the caller must ask in between (where members or sub-teams go),
 * the last refusal under it, and "Delete permanently" / "Keep …". It opens at once when the last
 * attempt was refused, so the reason is never hidden behind the button.
 */
import { Form } from '@remix-run/react';
import { Button } from '~/components/Button';
import { useId, useState, type ReactNode } from 'react';
import { SubmitButton } from '~/components/forms';

/** The ids the caller's fields use: one for a field's label, one for the error it is described by. */
export type DeletionIds = { field: string; error: string };

export const DELETION_SELECT_CLASS =
  'block w-full max-w-sm rounded-md border border-gray-300 bg-white px-3 py-2 text-sm focus:outline-none focus:ring-2 focus:ring-blue-500';

export function ConfirmDeletion({
  name,
  openLabel,
  keepLabel,
  error,
  children,
}: {
  name: string;
  openLabel: string;
  keepLabel: string;
  error?: string;
  children: (ids: DeletionIds) => ReactNode;
}) {
  const id = useId();
  const [isConfirming, setConfirming] = useState(Boolean(error));
  if (!isConfirming) {
    return (
      <Button type="button" variant="secondary" color="red" onClick={() => setConfirming(true)}>
        {openLabel}
      </Button>
    );
  }
  return (
    <Form
      method="post"
      className="space-y-3 rounded-md border border-red-200 bg-red-50 p-4"
      aria-labelledby={`${id}-title`}
    >
      <h2 id={`${id}-title`} className="text-base font-semibold text-red-800">
        Delete {name}?
      </h2>
      <input type="hidden" name="intent" value="delete" />
      {children({ field: `${id}-target`, error: `${id}-error` })}
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
      <div className="flex gap-3">
        <SubmitButton color="red">Delete permanently</SubmitButton>
        <Button type="button" variant="secondary" onClick={() => setConfirming(false)}>
          {keepLabel}
        </Button>
      </div>
    </Form>
  );
}
