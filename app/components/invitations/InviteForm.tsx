/**
 * The invite form: addresses pasted as a list, the roles to grant (those beyond the admin's own
 * permissions are shown but cannot be chosen) and the teams to join. A plain POST form, so it
 * works before hydration and without JavaScript; after a submit the addresses that were not
 * invited stay in the box to be fixed.
 */
import { Form } from '@remix-run/react';
import { SubmitButton, TextAreaField } from '~/components/forms';
import type { InviteOptions } from '../../../server/invitations/schemas';

type Draft = { emails: string; roleIds: string[]; teamIds: string[] };

export function InviteForm({
  options,
  draft,
  fieldError,
}: {
  options: InviteOptions;
  draft: Draft | null;
  fieldError?: string | null;
}) {
  return (
    <Form method="post" className="space-y-5" noValidate>
      <input type="hidden" name="intent" value="invite" />
      <TextAreaField
        name="emails"
        label="Email addresses"
        rows={4}
        required
        maxLength={20_000}
        defaultValue={draft?.emails ?? ''}
        placeholder="ada@example.com, grace@example.com"
        errors={fieldError ? [fieldError] : undefined}
        hint={`Up to 50 addresses, separated by commas, spaces or new lines.${
          options.allowedDomains.length > 0 ? ` Only addresses at ${options.allowedDomains.join(', ')}.` : ''
        }`}
      />

      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-gray-700">Roles</legend>
        <p className="text-xs text-gray-500">Leave all unchecked to invite as Member.</p>
        <div className="grid gap-2 sm:grid-cols-2">
          {options.roles.map((role) => (
            <label
              key={role.id}
              className={`flex items-center gap-2 text-sm ${role.canGrant ? 'text-gray-800' : 'text-gray-400'}`}
            >
              <input
                type="checkbox"
                name="roleIds"
                value={role.id}
                disabled={!role.canGrant}
                defaultChecked={draft?.roleIds.includes(role.id)}
                className="h-4 w-4 shrink-0 rounded border-gray-300"
              />
              {role.name}
              {role.canGrant ? null : <span className="text-xs">(grants more than you hold)</span>}
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-gray-700">Teams</legend>
        {options.teams.length === 0 ? (
          <p className="text-xs text-gray-500">This organization has no teams yet.</p>
        ) : (
          <div className="grid gap-2 sm:grid-cols-2">
            {options.teams.map((team) => (
              <label key={team.id} className="flex items-center gap-2 text-sm text-gray-800">
                <input
                  type="checkbox"
                  name="teamIds"
                  value={team.id}
                  defaultChecked={draft?.teamIds.includes(team.id)}
                  className="h-4 w-4 shrink-0 rounded border-gray-300"
                />
                {team.name}
              </label>
            ))}
          </div>
        )}
      </fieldset>

      <div className="flex justify-end">
        <SubmitButton pendingText="Sending…">Send invitations</SubmitButton>
      </div>
    </Form>
  );
}
