/**
 * The role inheritance graph as pure functions: effective permissions (own grants ∪ everything
 * inherited), descendants, inheritance depth and cycle detection. No database, no I/O — the role
 * service loads an org's graph, asks these functions whether a change is allowed and what it
 * implies, and materializes the answer. Nothing here may run per request.
 *
 * Edges point from a role to its parents ("Engineering inherits from Member"). Depth counts
 * inheritance steps on the longest path up: a role without parents has depth 0, a role
 * inheriting from it depth 1, and so on up to MAX_INHERITANCE_DEPTH.
 */
import type { Permission } from '../shared/permissions';

export const MAX_INHERITANCE_DEPTH = 10;

export type RoleNode = {
  id: string;
  name: string;
  /** Direct grants only. */
  permissions: readonly Permission[];
  /** CEL conditions of direct grants that have one; a permission missing here is granted unconditionally. */
  conditions?: Readonly<Partial<Record<Permission, string>>>;
  parentIds: readonly string[];
};

/**
 * Permission → condition sources. An empty list: some path grants it unconditionally; otherwise
 * every condition under which some path grants it (sorted, distinct), any one of which allows.
 */
export type EffectiveGrants = ReadonlyMap<Permission, readonly string[]>;

export type RoleGraph = ReadonlyMap<string, RoleNode>;

export function roleGraphOf<N extends RoleNode>(nodes: Iterable<N>): Map<string, N> {
  return new Map([...nodes].map((node) => [node.id, node]));
}

/** The graph with one role replaced (or added): what the org would look like after a save. */
export function withRole<N extends RoleNode>(graph: ReadonlyMap<string, N>, node: N): Map<string, N> {
  const next = new Map(graph);
  next.set(node.id, node);
  return next;
}

function nodeOf(graph: RoleGraph, id: string): RoleNode {
  const node = graph.get(id);
  if (!node) throw new Error(`roleGraph: unknown role ${id}`);
  return node;
}

/**
 * A cycle as role ids, first and last equal (["eng", "ops", "eng"]), or null. The search starts
 * at `startId` when given, so when only that role changed the cycle reads from it.
 */
export function findCycle(graph: RoleGraph, startId?: string): string[] | null {
  const done = new Set<string>();
  const onPath = new Map<string, number>();
  const path: string[] = [];

  const visit = (id: string): string[] | null => {
    const at = onPath.get(id);
    if (at !== undefined) return [...path.slice(at), id];
    if (done.has(id)) return null;
    onPath.set(id, path.length);
    path.push(id);
    for (const parentId of nodeOf(graph, id).parentIds) {
      const cycle = visit(parentId);
      if (cycle) return cycle;
    }
    path.pop();
    onPath.delete(id);
    done.add(id);
    return null;
  };

  const order = startId ? [startId, ...graph.keys()] : graph.keys();
  for (const id of order) {
    const cycle = visit(id);
    if (cycle) return cycle;
  }
  return null;
}

/** Role names joined by arrows: "Engineering → Ops → Engineering". */
export function describeChain(graph: RoleGraph, cycle: readonly string[]): string {
  return cycle.map((id) => graph.get(id)?.name ?? id).join(' → ');
}

/** Longest number of inheritance steps from each role up to a role without parents. Acyclic graphs only. */
export function inheritanceDepths(graph: RoleGraph): Map<string, number> {
  const depths = new Map<string, number>();
  const depthOf = (id: string): number => {
    const known = depths.get(id);
    if (known !== undefined) return known;
    const parents = nodeOf(graph, id).parentIds;
    const depth = parents.length === 0 ? 0 : 1 + Math.max(...parents.map(depthOf));
    depths.set(id, depth);
    return depth;
  };
  for (const id of graph.keys()) depthOf(id);
  return depths;
}

/** The longest chain of role ids from `id` up to a root, for a message that shows it. */
export function deepestChain(graph: RoleGraph, id: string): string[] {
  const depths = inheritanceDepths(graph);
  const chain = [id];
  for (let node = nodeOf(graph, id); node.parentIds.length > 0;) {
    const next = [...node.parentIds].sort((a, b) => (depths.get(b) ?? 0) - (depths.get(a) ?? 0))[0]!;
    chain.push(next);
    node = nodeOf(graph, next);
  }
  return chain;
}

/** Every role that inherits from `id`, directly or not (not `id` itself). */
export function descendantsOf(graph: RoleGraph, id: string): Set<string> {
  const children = new Map<string, string[]>();
  for (const node of graph.values()) {
    for (const parentId of node.parentIds) {
      const list = children.get(parentId);
      if (list) list.push(node.id);
      else children.set(parentId, [node.id]);
    }
  }
  const found = new Set<string>();
  const queue = [id];
  while (queue.length > 0) {
    for (const child of children.get(queue.pop()!) ?? []) {
      if (child !== id && !found.has(child)) {
        found.add(child);
        queue.push(child);
      }
    }
  }
  return found;
}

/** Effective permissions of every role: own grants ∪ effective permissions of each parent. Acyclic graphs only. */
export function resolveEffectivePermissions(graph: RoleGraph): Map<string, ReadonlySet<Permission>> {
  const resolved = new Map<string, ReadonlySet<Permission>>();
  const resolve = (id: string): ReadonlySet<Permission> => {
    const known = resolved.get(id);
    if (known) return known;
    const node = nodeOf(graph, id);
    const effective = new Set<Permission>(node.permissions);
    for (const parentId of node.parentIds) for (const p of resolve(parentId)) effective.add(p);
    resolved.set(id, effective);
    return effective;
  };
  for (const id of graph.keys()) resolve(id);
  return resolved;
}

function mergeGrant(into: Map<Permission, string[]>, permission: Permission, conditions: readonly string[]): void {
  const known = into.get(permission);
  if (known?.length === 0) return;
  if (conditions.length === 0 || !known) {
    into.set(permission, [...conditions]);
    return;
  }
  into.set(permission, [...new Set([...known, ...conditions])].sort());
}

/**
 * Effective grants of every role with their conditions: an unconditional path wins over any
 * conditional one; conditional paths are ORed. Acyclic graphs only.
 */
export function resolveEffectiveGrants(graph: RoleGraph): Map<string, EffectiveGrants> {
  const resolved = new Map<string, EffectiveGrants>();
  const resolve = (id: string): EffectiveGrants => {
    const known = resolved.get(id);
    if (known) return known;
    const node = nodeOf(graph, id);
    const effective = new Map<Permission, string[]>();
    for (const p of node.permissions) {
      const condition = node.conditions?.[p];
      mergeGrant(effective, p, condition ? [condition] : []);
    }
    for (const parentId of node.parentIds) {
      for (const [p, conditions] of resolve(parentId)) mergeGrant(effective, p, conditions);
    }
    resolved.set(id, effective);
    return effective;
  };
  for (const id of graph.keys()) resolve(id);
  return resolved;
}

export type GraphProblem =
  | { kind: 'cycle'; cycle: string[]; message: string }
  | { kind: 'too_deep'; roleId: string; chain: string[]; depth: number; message: string };

/**
 * Whether the graph may be saved after `changedId` changed: no cycle, and no role deeper than
 * MAX_INHERITANCE_DEPTH (the changed role's descendants get deeper with it, so all are checked).
 */
export function checkRoleGraph(graph: RoleGraph, changedId: string): GraphProblem | null {
  const cycle = findCycle(graph, changedId);
  if (cycle) {
    return {
      kind: 'cycle',
      cycle,
      message: `Roles cannot inherit from each other in a circle: ${describeChain(graph, cycle)}`,
    };
  }
  const depths = inheritanceDepths(graph);
  const affected = [changedId, ...descendantsOf(graph, changedId)];
  const deepest = affected.reduce((a, b) => ((depths.get(b) ?? 0) > (depths.get(a) ?? 0) ? b : a));
  const depth = depths.get(deepest) ?? 0;
  if (depth <= MAX_INHERITANCE_DEPTH) return null;
  const chain = deepestChain(graph, deepest);
  return {
    kind: 'too_deep',
    roleId: deepest,
    chain,
    depth,
    message:
      `Inheritance can be at most ${MAX_INHERITANCE_DEPTH} levels deep; this would make ` +
      `${depth}: ${describeChain(graph, chain)}`,
  };
}
