/**
 * The scopes a new key may have: the permissions the creator holds that the product offers,
 * grouped by resource as the role editor groups them (the same catalogue). Offering only what is
 * held is a courtesy; the server refuses any other scope (API_KEY_SCOPE_NOT_HELD).
 */
import { useId } from 'react';
import { permissionCatalogue } from '../../../server/shared/permissionCatalogue';
import type { Permission } from '../../../server/shared/permissions';
import { CodeCheckbox } from '../ui/CodeCheckbox';

export function ScopePicker({
  held,
  checked,
  errors,
}: {
  held: readonly Permission[];
  checked: readonly string[];
  errors?: string[];
}) {
  const id = useId();
  const groups = permissionCatalogue()
    .map((group) => ({ ...group, permissions: group.permissions.filter((p) => held.includes(p.key)) }))
    .filter((group) => group.permissions.length > 0);
  const message = errors?.[0];
  return (
    <fieldset aria-describedby={message ? `${id}-hint ${id}-error` : `${id}-hint`}>
      <legend className="text-sm font-medium text-gray-900">Scopes</legend>
      <p id={`${id}-hint`} className="text-xs text-gray-500">
        What the key may do: only permissions you hold yourself. If you lose one, the key loses it too.
      </p>
      {message ? (
        <p id={`${id}-error`} role="alert" className="mt-1 text-sm text-red-600">
          {message}
        </p>
      ) : null}
      <div className="mt-2 grid gap-x-6 gap-y-3 sm:grid-cols-2">
        {groups.map((group) => (
          <div key={group.resource}>
            <p className="text-xs font-semibold uppercase tracking-wide text-gray-500">{group.label}</p>
            <ul className="mt-1 space-y-1">
              {group.permissions.map((p) => (
                <li key={p.key}>
                  <CodeCheckbox
                    name="scopes"
                    code={p.key}
                    description={p.description}
                    defaultChecked={checked.includes(p.key)}
                  />
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
    </fieldset>
  );
}
