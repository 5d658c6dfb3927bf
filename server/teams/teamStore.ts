/**
 * The stored teams of one organization, as the write services need them: the per-org tree lock
 * and the whole tree (bounded by MAX_TEAMS_PER_ORG) in one query. Everything runs in the
 * caller's tenant transaction; RLS keeps other tenants' teams out even without the org filter.
 */
import { and, eq, sql } from 'drizzle-orm';
import { ADVISORY_LOCKS } from '../../db/advisoryLocks';
import { teams } from '../../db/schema';
import { AppError } from '../errors';
import type { Tx } from '../tenancy/withTenant';
import type { TeamKind } from './teamSchemas';
import { treeOf } from './teamTree';

/** Advisory lock class for team-tree writes; the second key is the org. */
const TEAM_TREE_LOCK = ADVISORY_LOCKS.teamTree;

export type StoredTeam = {
  id: string;
  name: string;
  description: string;
  kind: TeamKind;
  parentId: string | null;
  version: number;
};

/**
 * Serialises tree changes within one org until the transaction ends. Without it two admins could
 * each move one team under the other (a cycle neither check saw), or nest past the depth limit.
 */
export async function lockTeamTree(tx: Tx, orgId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${TEAM_TREE_LOCK}::int, hashtext(${orgId}::text))`);
}

export async function loadTeamTree(tx: Tx, orgId: string): Promise<Map<string, StoredTeam>> {
  const rows = await tx
    .select({
      id: teams.id,
      name: teams.name,
      description: teams.description,
      kind: teams.kind,
      parentId: teams.parentId,
      version: teams.version,
    })
    .from(teams)
    .where(eq(teams.orgId, orgId));
  return treeOf(rows);
}

export function requireTeam(tree: ReadonlyMap<string, StoredTeam>, teamId: string, what?: string): StoredTeam {
  const team = tree.get(teamId);
  if (!team) {
    throw what
      ? new AppError('TEAM_NOT_FOUND', `${what} not found`, { teamId })
      : new AppError('TEAM_NOT_FOUND', { teamId });
  }
  return team;
}

export function assertNameFree(tree: ReadonlyMap<string, StoredTeam>, name: string, exceptId?: string): void {
  const lower = name.toLowerCase();
  const taken = [...tree.values()].find((t) => t.id !== exceptId && t.name.toLowerCase() === lower);
  if (taken) throw new AppError('NAME_TAKEN', `A team named “${taken.name}” already exists`, { field: 'name' });
}

/**
 * Bumps the team's version (and updatedAt) for a change that does not touch its own columns —
 * members and leads — so an editor holding the old version learns that something changed.
 */
export async function bumpTeamVersion(tx: Tx, orgId: string, teamId: string): Promise<number> {
  const [row] = await tx
    .update(teams)
    .set({ version: sql`${teams.version} + 1`, updatedAt: new Date() })
    .where(and(eq(teams.orgId, orgId), eq(teams.id, teamId)))
    .returning({ version: teams.version });
  if (!row) throw new AppError('TEAM_NOT_FOUND', { teamId });
  return row.version;
}

const UNIQUE_VIOLATION = '23505';

/**
 * A save that lost the race for a name to a concurrent transaction the lock did not cover (the
 * index compares lower(name), as assertNameFree does): the unique index's error, as CONFLICT.
 */
export function asNameConflict(error: unknown, name: string): unknown {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const pg = e as Error & { code?: string; constraint?: string };
    if (pg.code === UNIQUE_VIOLATION && pg.constraint === 'teams_org_lower_name_key') {
      return new AppError('NAME_TAKEN', `A team named “${name}” already exists`, { field: 'name' });
    }
  }
  return error;
}
