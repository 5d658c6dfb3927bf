/**
 * An organization's teams as a tree, in pure functions: ancestors, descendants, depth, and
 * whether a move keeps it a tree no deeper than MAX_TEAM_DEPTH. No database, no I/O — the team
 * services load the org's teams under the tree lock and ask these functions before writing.
 *
 * A top-level team has depth 0, a team inside it depth 1, and so on up to MAX_TEAM_DEPTH.
 */
import { MAX_TEAM_DEPTH } from './teamSchemas';

export type TreeNode = { id: string; name: string; parentId: string | null };
export type TeamTree<N extends TreeNode = TreeNode> = ReadonlyMap<string, N>;

export function treeOf<N extends TreeNode>(nodes: Iterable<N>): Map<string, N> {
  return new Map([...nodes].map((node) => [node.id, node]));
}

/** Ancestors of `id`, from the top of the tree down to its direct parent. Stops at a cycle. */
export function ancestorsOf<N extends TreeNode>(tree: TeamTree<N>, id: string): N[] {
  const path: N[] = [];
  const seen = new Set([id]);
  for (let parentId = tree.get(id)?.parentId ?? null; parentId !== null && !seen.has(parentId);) {
    const parent = tree.get(parentId);
    if (!parent) break;
    seen.add(parentId);
    path.unshift(parent);
    parentId = parent.parentId;
  }
  return path;
}

export function childrenByParent<N extends TreeNode>(tree: TeamTree<N>): Map<string | null, N[]> {
  const children = new Map<string | null, N[]>();
  for (const node of tree.values()) {
    const list = children.get(node.parentId);
    if (list) list.push(node);
    else children.set(node.parentId, [node]);
  }
  return children;
}

/** Every team below `id`, at any depth (not `id` itself). */
export function descendantsOf(tree: TeamTree, id: string): Set<string> {
  const children = childrenByParent(tree);
  const found = new Set<string>();
  const queue = [id];
  while (queue.length > 0) {
    for (const child of children.get(queue.pop()!) ?? []) {
      if (child.id !== id && !found.has(child.id)) {
        found.add(child.id);
        queue.push(child.id);
      }
    }
  }
  return found;
}

/** How many levels hang below `id` (0 for a team without children). */
export function subtreeHeight(tree: TeamTree, id: string): number {
  const children = childrenByParent(tree);
  const heightOf = (nodeId: string, seen: Set<string>): number => {
    let height = 0;
    for (const child of children.get(nodeId) ?? []) {
      if (seen.has(child.id)) continue;
      seen.add(child.id);
      height = Math.max(height, 1 + heightOf(child.id, seen));
    }
    return height;
  };
  return heightOf(id, new Set([id]));
}

/** The deepest path of ids from `id` down to a leaf, `id` first. */
function deepestPathDown(tree: TeamTree, id: string): string[] {
  const children = childrenByParent(tree);
  const walk = (nodeId: string): string[] => {
    let best: string[] = [];
    for (const child of children.get(nodeId) ?? []) {
      const path = walk(child.id);
      if (path.length > best.length) best = path;
    }
    return [nodeId, ...best];
  };
  return walk(id);
}

export type MoveProblem =
  | { kind: 'cycle'; cycle: string[]; message: string }
  | { kind: 'too_deep'; chain: string[]; depth: number; message: string };

function names(tree: TeamTree, ids: readonly string[]): string[] {
  return ids.map((id) => tree.get(id)?.name ?? id);
}

/**
 * Whether team `id` (with everything below it) may hang under `parentId`: not under itself or one
 * of its descendants (the message names the circle, "Engineering → Platform → Engineering"), and
 * no team of the moved subtree deeper than MAX_TEAM_DEPTH. `id` may be a team not yet in the tree.
 */
export function checkPlacement(tree: TeamTree, id: string, parentId: string | null): MoveProblem | null {
  if (parentId === null) {
    const height = tree.has(id) ? subtreeHeight(tree, id) : 0;
    return height <= MAX_TEAM_DEPTH ? null : tooDeep(tree, [], id, height);
  }
  if (parentId === id || (tree.has(id) && descendantsOf(tree, id).has(parentId))) {
    // The circle as the tree would read after the move: the team, down to the new parent, back to the team.
    const below = ancestorsOf(tree, parentId).map((n) => n.id);
    const from = below.indexOf(id);
    const chain = parentId === id ? [id, id] : [...below.slice(from), parentId, id];
    const cycle = names(tree, chain);
    return {
      kind: 'cycle',
      cycle,
      message: `A team cannot be placed inside itself or one of its own sub-teams: ${cycle.join(' → ')}`,
    };
  }
  const above = [...ancestorsOf(tree, parentId).map((n) => n.id), parentId];
  const height = tree.has(id) ? subtreeHeight(tree, id) : 0;
  const depth = above.length + height;
  return depth <= MAX_TEAM_DEPTH ? null : tooDeep(tree, above, id, depth);
}

function tooDeep(tree: TeamTree, above: string[], id: string, depth: number): MoveProblem {
  const down = tree.has(id) ? deepestPathDown(tree, id) : [id];
  const chain = [...above, ...down];
  return {
    kind: 'too_deep',
    chain: names(tree, chain),
    depth,
    message:
      `Teams can be nested at most ${MAX_TEAM_DEPTH} levels deep; this would make ` +
      `${depth}: ${names(tree, chain).join(' → ')}`,
  };
}
