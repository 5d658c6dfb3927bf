/**
 * Deleting a custom role, in two steps: "Delete role…" opens a confirmation; when members hold
 * the role, the confirmation asks where to move them (a required select) before it will submit.
 */
import { Form } from '@remix-run/react';
import { Button } from '@tremor/react';
import { useId, useState } from 'react';
import type { RoleView } from '../../../server/authz/roleSchemas';
import { SubmitButton } from '~/components/forms';

export function DeleteRole({ role, others, error }: { role: RoleView; others: RoleView[]; error?: string }) {
  const id = useId();
  const [isConfirming, setConfirming] = useState(Boolean(error));
  const needsTarget = role.memberCount > 0;
  if (!isConfirming) {
    return (
      <Button type="button" variant="secondary" color="red" onClick={() => setConfirming(true)}>
        Delete role…
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
        Delete {role.name}?
      </h2>
      <input type="hidden" name="intent" value="delete" />
      {needsTarget ? (
        <div className="space-y-1">
          <label htmlFor={`${id}-target`} className="block text-sm font-medium text-gray-800">
            {role.memberCount} {role.memberCount === 1 ? 'member holds' : 'members hold'} this role. Move them to
          </label>
          <select
            id={`${id}-target`}
            name="reassignToRoleId"
            required
            defaultValue=""
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            className="block w-full max-w-sm rounded-md border border-gray-300 bg-white px-3 py-2 text-sm focus:outline-none focus:ring-2 focus:ring-blue-500"
          >
            <option value="" disabled>
              Choose a role…
            </option>
            {others.map((other) => (
              <option key={other.id} value={other.id}>
                {other.name}
              </option>
            ))}
          </select>
        </div>
      ) : (
        <p className="text-sm text-gray-700">Nobody holds this role. Deleting it cannot be undone.</p>
      )}
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
      <div className="flex gap-3">
        <SubmitButton color="red">Delete permanently</SubmitButton>
        <Button type="button" variant="secondary" onClick={() => setConfirming(false)}>
          Keep the role
        </Button>
      </div>
    </Form>
  );
}
