/**
 * Creating a team: under the org's tree lock, a free name (case-insensitively), an existing
 * parent no deeper than the limit allows, and at most MAX_TEAMS_PER_ORG teams per org — then the
 * row and a 'team.created' activity event, in the caller's tenant transaction.
 */
import { randomUUID } from 'node:crypto';
import { teams } from '../../db/schema';
import { AppError } from '../errors';
import { recordEvent } from '../realtime/outbox';
import type { Tx } from '../tenancy/withTenant';
import type { TeamActor } from './teamActor';
import { getTeam } from './teamQueries';
import { MAX_TEAMS_PER_ORG, type CreateTeamInput, type TeamView } from './teamSchemas';
import { asNameConflict, assertNameFree, loadTeamTree, lockTeamTree, requireTeam } from './teamStore';
import { assertPlacement } from './teamPlacement';

export async function createTeam(tx: Tx, actor: TeamActor, input: CreateTeamInput): Promise<TeamView> {
  const { orgId } = actor;
  await lockTeamTree(tx, orgId);
  const tree = await loadTeamTree(tx, orgId);
  if (tree.size >= MAX_TEAMS_PER_ORG) {
    throw new AppError(
      'TEAM_LIMIT_REACHED',
      `An organization can have at most ${MAX_TEAMS_PER_ORG} teams; delete or merge some before creating more`,
      { limit: MAX_TEAMS_PER_ORG },
    );
  }
  assertNameFree(tree, input.name);
  const parent = input.parentId === null ? null : requireTeam(tree, input.parentId, 'Parent team');
  const id = randomUUID();
  const next = new Map(tree).set(id, {
    id,
    name: input.name,
    description: input.description,
    kind: input.kind,
    parentId: parent?.id ?? null,
    version: 1,
  });
  assertPlacement(next, id, parent?.id ?? null);

  await tx
    .insert(teams)
    .values({
      orgId,
      id,
      name: input.name,
      description: input.description,
      kind: input.kind,
      parentId: parent?.id ?? null,
    })
    .catch((error: unknown) => {
      throw asNameConflict(error, input.name);
    });
  await recordEvent(tx, {
    orgId,
    topic: 'activity',
    type: 'team.created',
    actorUserId: actor.userId,
    data: {
      teamId: id,
      name: input.name,
      kind: input.kind,
      version: 1,
      ...(parent ? { parentId: parent.id, parentName: parent.name } : {}),
    },
  });
  return getTeam(tx, orgId, id);
}
