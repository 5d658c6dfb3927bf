/**
 * Editing a team — name, description, kind, parent — under optimistic concurrency: the save
 * names the version it was based on and is refused (with who changed what, and the team as it is
 * now) when anyone saved since. Moves hold the org's tree lock and are refused when they would
 * put a team inside itself or nest deeper than the limit.
 */
import { and, eq, sql } from 'drizzle-orm';
import { teams } from '../../db/schema';
import { recordEvent } from '../realtime/outbox';
import type { Tx } from '../tenancy/withTenant';
import type { TeamActor } from './teamActor';
import { staleTeamError } from './teamConflict';
import { assertPlacement } from './teamPlacement';
import { getTeam } from './teamQueries';
import type { TeamView, UpdateTeamInput } from './teamSchemas';
import { asNameConflict, assertNameFree, loadTeamTree, lockTeamTree, requireTeam } from './teamStore';

type TeamField = 'name' | 'description' | 'kind' | 'parent';

export async function updateTeam(tx: Tx, actor: TeamActor, input: UpdateTeamInput): Promise<TeamView> {
  const { orgId } = actor;
  await lockTeamTree(tx, orgId);
  const tree = await loadTeamTree(tx, orgId);
  const current = requireTeam(tree, input.teamId);
  if (current.version !== input.version) throw await staleTeamError(tx, orgId, current.id, input.version);

  const changed: TeamField[] = [];
  if (input.name !== current.name) changed.push('name');
  if (input.description !== current.description) changed.push('description');
  if (input.kind !== current.kind) changed.push('kind');
  if (input.parentId !== current.parentId) changed.push('parent');
  if (changed.length === 0) return getTeam(tx, orgId, current.id);

  if (changed.includes('name')) assertNameFree(tree, input.name, current.id);
  const parent = input.parentId === null ? null : requireTeam(tree, input.parentId, 'Parent team');
  if (changed.includes('parent')) assertPlacement(tree, current.id, parent?.id ?? null);

  const [saved] = await tx
    .update(teams)
    .set({
      name: input.name,
      description: input.description,
      kind: input.kind,
      parentId: parent?.id ?? null,
      version: sql`${teams.version} + 1`,
      updatedAt: new Date(),
    })
    .where(and(eq(teams.orgId, orgId), eq(teams.id, current.id), eq(teams.version, input.version)))
    .returning({ version: teams.version })
    .catch((error: unknown) => {
      throw asNameConflict(error, input.name);
    });
  if (!saved) throw await staleTeamError(tx, orgId, current.id, input.version);

  const previousParent = current.parentId ? tree.get(current.parentId) : undefined;
  await recordEvent(tx, {
    orgId,
    topic: 'activity',
    type: 'team.updated',
    actorUserId: actor.userId,
    data: {
      teamId: current.id,
      name: input.name,
      fields: changed,
      version: saved.version,
      ...(changed.includes('name') ? { previousName: current.name } : {}),
      ...(changed.includes('kind') ? { kind: input.kind } : {}),
      ...(changed.includes('parent')
        ? { parentName: parent?.name ?? null, previousParentName: previousParent?.name ?? null }
        : {}),
    },
  });
  return getTeam(tx, orgId, current.id);
}
