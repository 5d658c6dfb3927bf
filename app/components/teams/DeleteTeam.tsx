/**
 * Deleting a team, in two steps: "Delete team…" opens a confirmation. A team with sub-teams asks
 * where they go — its own parent first (so the tree closes up around the gap), the top level, or
 * another team outside it — because the server never deletes or silently re-homes sub-teams.
 */
import type { TeamView } from '../../../server/teams/teamSchemas';
import { ConfirmDeletion, DELETION_SELECT_CLASS } from '~/components/ConfirmDeletion';
import { ParentOptions } from './TeamFields';
import type { FlatTeam } from './treeOrder';
import { countOf, pluralNoun } from '../../../server/shared/plural';

/** The select's value for "make them top-level teams". */
export const TOP_LEVEL = 'top-level';

export function DeleteTeam({ team, teams, error }: { team: TeamView; teams: readonly FlatTeam[]; error?: string }) {
  const parent = team.path.at(-1);
  const childCount = team.children.length;
  const memberCount = team.members.length;
  return (
    <ConfirmDeletion name={team.name} openLabel="Delete team…" keepLabel="Keep the team" error={error}>
      {(ids) => (
        <>
          <input type="hidden" name="version" value={team.version} />
          <p className="text-sm text-gray-700">
            {memberCount > 0
              ? `Its ${countOf(memberCount, 'member stays', 'members stay')} in the organization but ${pluralNoun(memberCount, 'leaves', 'leave')} this team. `
              : ''}
            Deleting it cannot be undone.
          </p>
          {childCount > 0 ? (
            <div className="space-y-1">
              <label htmlFor={ids.field} className="block text-sm font-medium text-gray-800">
                It has {countOf(childCount, 'sub-team')} ({team.children.map((c) => c.name).join(', ')}). Move{' '}
                {pluralNoun(childCount, 'it', 'them')} to
              </label>
              <select
                id={ids.field}
                name="reparentChildrenTo"
                required
                defaultValue={parent?.id ?? TOP_LEVEL}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? ids.error : undefined}
                className={DELETION_SELECT_CLASS}
              >
                <option value={TOP_LEVEL}>The top level</option>
                <ParentOptions teams={teams} excludeId={team.id} />
              </select>
            </div>
          ) : null}
        </>
      )}
    </ConfirmDeletion>
  );
}
