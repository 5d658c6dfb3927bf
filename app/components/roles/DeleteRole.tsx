/**
 * Deleting a custom role, in two steps: "Delete role…" opens a confirmation; when members hold
 * the role, the confirmation asks where to move them (a required select) before it will submit.
 */
import type { RoleView } from '../../../server/roles/roleSchemas';
import { ConfirmDeletion, DELETION_SELECT_CLASS } from '~/components/ConfirmDeletion';
import { countOf } from '../../../server/shared/plural';

export function DeleteRole({ role, others, error }: { role: RoleView; others: RoleView[]; error?: string }) {
  const needsTarget = role.memberCount > 0;
  return (
    <ConfirmDeletion name={role.name} openLabel="Delete role…" keepLabel="Keep the role" error={error}>
      {(ids) =>
        needsTarget ? (
          <div className="space-y-1">
            <label htmlFor={ids.field} className="block text-sm font-medium text-gray-800">
              {countOf(role.memberCount, 'member holds', 'members hold')} this role. Move them to
            </label>
            <select
              id={ids.field}
              name="reassignToRoleId"
              required
              defaultValue=""
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? ids.error : undefined}
              className={DELETION_SELECT_CLASS}
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
        )
      }
    </ConfirmDeletion>
  );
}
