/** Which roles the member holds: one checkbox per role of the org, saved through roles.setMemberRoles. */
import { Form } from '@remix-run/react';
import { useId } from 'react';
import { FormAlert, SubmitButton } from '~/components/forms';

type RoleOption = { id: string; name: string; description: string };

export function MemberRolesForm({
  roles,
  held,
  message,
  saved,
}: {
  roles: RoleOption[];
  held: readonly string[];
  message: string | null;
  saved: boolean;
}) {
  const id = useId();
  return (
    <Form method="post" className="space-y-4">
      <input type="hidden" name="intent" value="roles" />
      <fieldset className="space-y-2" aria-describedby={message ? `${id}-error` : undefined}>
        <legend className="text-base font-semibold text-gray-900">Roles</legend>
        {saved ? <FormAlert tone="success" message="Roles saved." /> : null}
        {message ? (
          <div id={`${id}-error`}>
            <FormAlert message={message} />
          </div>
        ) : null}
        <div className="grid gap-2 md:grid-cols-2">
          {roles.map((role) => (
            <label key={role.id} className="flex items-start gap-2 rounded-md border border-gray-200 p-2 text-sm">
              <input
                type="checkbox"
                name="roleIds"
                value={role.id}
                defaultChecked={held.includes(role.id)}
                className="mt-0.5 h-4 w-4 shrink-0 rounded border-gray-300"
              />
              <span>
                <span className="font-medium text-gray-900">{role.name}</span>
                {role.description ? <span className="block text-xs text-gray-500">{role.description}</span> : null}
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <SubmitButton pendingText="Saving…">Save roles</SubmitButton>
    </Form>
  );
}
