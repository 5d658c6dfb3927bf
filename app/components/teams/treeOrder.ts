/**
 * The flat team list the server returns, in the order a tree reads: each team followed by its
 * sub-teams (by name), with its depth. Used by the tree view and the parent pickers. Pure.
 */
export type FlatTeam = { id: string; name: string; parentId: string | null };

export function childrenOf<T extends FlatTeam>(teams: readonly T[]): Map<string | null, T[]> {
  const ids = new Set(teams.map((t) => t.id));
  const children = new Map<string | null, T[]>();
  for (const team of teams) {
    // A parent outside the list (cannot happen in one consistent read) shows its child at the top.
    const parentId = team.parentId !== null && ids.has(team.parentId) ? team.parentId : null;
    const list = children.get(parentId);
    if (list) list.push(team);
    else children.set(parentId, [team]);
  }
  for (const list of children.values()) list.sort((a, b) => a.name.localeCompare(b.name, 'en'));
  return children;
}

/** Depth-first, parents before children. */
export function inTreeOrder<T extends FlatTeam>(teams: readonly T[]): { team: T; depth: number }[] {
  const children = childrenOf(teams);
  const ordered: { team: T; depth: number }[] = [];
  const seen = new Set<string>();
  const visit = (parentId: string | null, depth: number) => {
    for (const team of children.get(parentId) ?? []) {
      if (seen.has(team.id)) continue;
      seen.add(team.id);
      ordered.push({ team, depth });
      visit(team.id, depth + 1);
    }
  };
  visit(null, 0);
  return ordered;
}

/** The team and everything below it: what its parent picker must not offer. */
export function subtreeIds(teams: readonly FlatTeam[], rootId: string): Set<string> {
  const children = childrenOf(teams);
  const found = new Set([rootId]);
  const queue = [rootId];
  while (queue.length > 0) {
    for (const child of children.get(queue.pop()!) ?? []) {
      if (!found.has(child.id)) {
        found.add(child.id);
        queue.push(child.id);
      }
    }
  }
  return found;
}
