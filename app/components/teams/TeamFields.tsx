/**
 * The fields of a team, shared by the "New team" form and the team editor: name, kind, parent
 * (a select in tree order, indented, never offering the team itself or its sub-teams) and
 * description. Native, uncontrolled inputs, so the forms also post without JavaScript and what
 * was typed survives hydration; each error sits under its field, wired to aria-describedby.
 */
import { useId } from 'react';
import { fieldInputClass, TextAreaField, TextField, type FieldErrors } from '~/components/forms';
import { inTreeOrder, subtreeIds, type FlatTeam } from './treeOrder';

export type TeamFormValues = {
  name: string;
  description: string;
  kind: string;
  /** '' for a top-level team. */
  parentId: string;
};

function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} role="alert" className="text-sm text-red-600">
      {message}
    </p>
  );
}

/** Options for a parent picker: every team in tree order, indented by depth, minus `excludeId`'s subtree. */
export function ParentOptions({ teams, excludeId }: { teams: readonly FlatTeam[]; excludeId?: string }) {
  const excluded = excludeId ? subtreeIds(teams, excludeId) : new Set<string>();
  return (
    <>
      {inTreeOrder(teams)
        .filter(({ team }) => !excluded.has(team.id))
        .map(({ team, depth }) => (
          <option key={team.id} value={team.id}>
            {`${'\u00a0\u00a0'.repeat(depth)}${depth > 0 ? '└ ' : ''}${team.name}`}
          </option>
        ))}
    </>
  );
}

export function TeamFields({
  values,
  teams,
  teamId,
  fieldErrors,
}: {
  values: TeamFormValues;
  teams: readonly FlatTeam[];
  /** The team being edited: it and its sub-teams are not offered as its parent. */
  teamId?: string;
  fieldErrors: FieldErrors;
}) {
  const id = useId();
  const kindError = fieldErrors.kind?.[0];
  const parentError = fieldErrors.parentId?.[0];
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <TextField
        name="name"
        label="Name"
        defaultValue={values.name}
        required
        maxLength={80}
        errors={fieldErrors.name}
      />
      <div className="space-y-1">
        <label htmlFor={`${id}-kind`} className="block text-sm font-medium text-gray-700">
          Kind
        </label>
        <select
          id={`${id}-kind`}
          name="kind"
          defaultValue={values.kind}
          aria-invalid={kindError ? true : undefined}
          aria-describedby={kindError ? `${id}-kind-error` : undefined}
          className={fieldInputClass(Boolean(kindError))}
        >
          <option value="team">Team</option>
          <option value="department">Department</option>
        </select>
        <FieldError id={`${id}-kind-error`} message={kindError} />
      </div>
      <div className="space-y-1">
        <label htmlFor={`${id}-parent`} className="block text-sm font-medium text-gray-700">
          Parent team
        </label>
        <select
          id={`${id}-parent`}
          name="parentId"
          defaultValue={values.parentId}
          aria-invalid={parentError ? true : undefined}
          aria-describedby={parentError ? `${id}-parent-error` : undefined}
          className={fieldInputClass(Boolean(parentError))}
        >
          <option value="">None (top level)</option>
          <ParentOptions teams={teams} excludeId={teamId} />
        </select>
        <FieldError id={`${id}-parent-error`} message={parentError} />
      </div>
      <TextAreaField
        name="description"
        label="Description"
        defaultValue={values.description}
        maxLength={500}
        rows={2}
        errors={fieldErrors.description}
        className="md:col-span-2"
      />
    </div>
  );
}
