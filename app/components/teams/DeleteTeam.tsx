/**
 * Deleting a team, in two steps: "Delete team…" opens a confirmation. A team with sub-teams asks
 * where they go — its own parent first (so the tree closes up around the gap), the top level, or
 * another team outside it — because the server never deletes or silently re-homes sub-teams.
 */
import { Form } from '@remix-run/react';
import { Button } from '@tremor/react';
import { useId, useState } from 'react';
import type { TeamView } from '../../../server/teams/teamSchemas';
import { SubmitButton } from '~/components/forms';
import { ParentOptions } from './TeamFields';
import type { FlatTeam } from './treeOrder';

/** The select's value for "make them top-level teams". */
export const TOP_LEVEL = 'top-level';

export function DeleteTeam({ team, teams, error }: { team: TeamView; teams: readonly FlatTeam[]; error?: string }) {
  const id = useId();
  const [isConfirming, setConfirming] = useState(Boolean(error));
  const parent = team.path.at(-1);
  const childCount = team.children.length;
  if (!isConfirming) {
    return (
      <Button type="button" variant="secondary" color="red" onClick={() => setConfirming(true)}>
        Delete team…
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
        Delete {team.name}?
      </h2>
      <input type="hidden" name="intent" value="delete" />
      <input type="hidden" name="version" value={team.version} />
      <p className="text-sm text-gray-700">
        {team.members.length > 0
          ? `Its ${team.members.length} ${team.members.length === 1 ? 'member stays' : 'members stay'} in the organization but ${team.members.length === 1 ? 'leaves' : 'leave'} this team. `
          : ''}
        Deleting it cannot be undone.
      </p>
      {childCount > 0 ? (
        <div className="space-y-1">
          <label htmlFor={`${id}-target`} className="block text-sm font-medium text-gray-800">
            It has {childCount} {childCount === 1 ? 'sub-team' : 'sub-teams'} (
            {team.children.map((c) => c.name).join(', ')}). Move {childCount === 1 ? 'it' : 'them'} to
          </label>
          <select
            id={`${id}-target`}
            name="reparentChildrenTo"
            required
            defaultValue={parent?.id ?? TOP_LEVEL}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            className="block w-full max-w-sm rounded-md border border-gray-300 bg-white px-3 py-2 text-sm focus:outline-none focus:ring-2 focus:ring-blue-500"
          >
            <option value={TOP_LEVEL}>The top level</option>
            <ParentOptions teams={teams} excludeId={team.id} />
          </select>
        </div>
      ) : null}
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
      <div className="flex gap-3">
        <SubmitButton color="red">Delete permanently</SubmitButton>
        <Button type="button" variant="secondary" onClick={() => setConfirming(false)}>
          Keep the team
        </Button>
      </div>
    </Form>
  );
}
