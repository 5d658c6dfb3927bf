/**
 * Deleting a team. Its memberships go with it (ON DELETE CASCADE); its child teams never do:
 * a team with children is refused unless the caller says where they go (`reparentChildrenTo`:
 * the top level or another team outside the deleted one — the page offers the deleted team's
 * own parent first, so the tree closes up around the gap). Silently deleting or silently
 * promoting whole sub-trees is the kind of surprise an org chart must not have.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { teamMembers, teams } from '../../db/schema';
import { AppError } from '../errors';
import { recordEvent } from '../realtime/outbox';
import type { Tx } from '../tenancy/withTenant';
import type { TeamActor } from './teamActor';
import { staleTeamError } from './teamConflict';
import { assertPlacement } from './teamPlacement';
import type { DeleteTeamInput, DeleteTeamResult, TeamRef } from './teamSchemas';
import { loadTeamTree, lockTeamTree, requireTeam, type StoredTeam } from './teamStore';
import { childrenByParent, descendantsOf } from './teamTree';
import { countOf } from '../shared/plural';

const refOf = ({ id, name, kind }: StoredTeam): TeamRef => ({ id, name, kind });

export async function deleteTeam(tx: Tx, actor: TeamActor, input: DeleteTeamInput): Promise<DeleteTeamResult> {
  const { orgId } = actor;
  await lockTeamTree(tx, orgId);
  const tree = await loadTeamTree(tx, orgId);
  const team = requireTeam(tree, input.teamId);
  if (input.version !== undefined && input.version !== team.version) {
    throw await staleTeamError(tx, orgId, team.id, input.version);
  }
  const children = (childrenByParent(tree).get(team.id) ?? []).sort((a, b) => a.name.localeCompare(b.name));
  const parent = team.parentId ? (tree.get(team.parentId) ?? null) : null;

  let target: StoredTeam | null = null;
  if (children.length > 0) {
    if (!input.reparentChildrenTo) {
      const names = children.map((c) => c.name);
      throw new AppError(
        'TEAM_HAS_SUBTEAMS',
        `${team.name} has ${countOf(children.length, 'sub-team', 'sub-teams')} (${names.join(', ')}); ` +
          `choose where they go — ${parent ? `its parent, ${parent.name},` : 'the top level,'} or another team — before deleting it`,
        { field: 'reparentChildrenTo', children: names, parentId: parent?.id ?? null },
      );
    }
    const targetId = input.reparentChildrenTo.parentId;
    if (targetId !== null) {
      target = requireTeam(tree, targetId, 'Team to move the sub-teams to');
      if (target.id === team.id || descendantsOf(tree, team.id).has(target.id)) {
        throw new AppError(
          'INVALID_INPUT',
          `The sub-teams cannot move into ${target.name}: it is being deleted with ${team.name}. Choose a team outside it`,
          { field: 'reparentChildrenTo' },
        );
      }
    }
    for (const child of children) assertPlacement(tree, child.id, target?.id ?? null, 'reparentChildrenTo');
  }

  const [{ memberCount } = { memberCount: 0 }] = await tx
    .select({ memberCount: sql<number>`count(*)::int` })
    .from(teamMembers)
    .where(and(eq(teamMembers.orgId, orgId), eq(teamMembers.teamId, team.id)));

  if (children.length > 0) {
    const moved = await tx
      .update(teams)
      .set({ parentId: target?.id ?? null, version: sql`${teams.version} + 1`, updatedAt: new Date() })
      .where(
        and(
          eq(teams.orgId, orgId),
          inArray(
            teams.id,
            children.map((c) => c.id),
          ),
        ),
      )
      .returning({ id: teams.id, name: teams.name, version: teams.version });
    for (const child of moved) {
      await recordEvent(tx, {
        orgId,
        topic: 'activity',
        type: 'team.updated',
        actorUserId: actor.userId,
        data: {
          teamId: child.id,
          name: child.name,
          fields: ['parent'],
          version: child.version,
          parentName: target?.name ?? null,
          previousParentName: team.name,
        },
      });
    }
  }
  // Memberships and invitations to the team go with it (ON DELETE CASCADE).
  await tx.delete(teams).where(and(eq(teams.orgId, orgId), eq(teams.id, team.id)));
  await recordEvent(tx, {
    orgId,
    topic: 'activity',
    type: 'team.deleted',
    actorUserId: actor.userId,
    data: {
      teamId: team.id,
      name: team.name,
      kind: team.kind,
      memberCount,
      ...(children.length > 0
        ? { childrenMovedTo: target?.name ?? null, childrenMoved: children.map((c) => c.name) }
        : {}),
    },
  });
  return { deleted: refOf(team), childrenMovedTo: target ? refOf(target) : null, childrenMoved: children.length };
}
