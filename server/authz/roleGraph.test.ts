import { describe, expect, it } from 'vitest';
import type { Permission } from '../shared/permissions';
import {
  checkRoleGraph,
  descendantsOf,
  findCycle,
  inheritanceDepths,
  MAX_INHERITANCE_DEPTH,
  resolveEffectivePermissions,
  roleGraphOf,
  withRole,
  type RoleNode,
} from './roleGraph';

function role(id: string, permissions: Permission[], parentIds: string[] = []): RoleNode {
  return { id, name: id[0]!.toUpperCase() + id.slice(1), permissions, parentIds };
}

function effective(graph: ReturnType<typeof roleGraphOf>, id: string): Permission[] {
  return [...(resolveEffectivePermissions(graph).get(id) ?? [])].sort();
}

/** r0 ← r1 ← … ← r{steps}: r{steps} is `steps` inheritance steps deep. */
function chain(steps: number): Map<string, RoleNode> {
  const nodes = [role('r0', ['org:read'])];
  for (let i = 1; i <= steps; i++) nodes.push(role(`r${i}`, [], [`r${i - 1}`]));
  return roleGraphOf(nodes);
}

describe('effective permissions', () => {
  it('a role without parents grants exactly its own permissions', () => {
    const graph = roleGraphOf([role('viewer', ['org:read', 'users:read'])]);
    expect(effective(graph, 'viewer')).toEqual(['org:read', 'users:read']);
  });

  it('a role inherits everything its ancestors grant, transitively', () => {
    const graph = roleGraphOf([
      role('viewer', ['org:read']),
      role('support', ['support:create'], ['viewer']),
      role('lead', ['support:manage'], ['support']),
    ]);
    expect(effective(graph, 'lead')).toEqual(['org:read', 'support:create', 'support:manage']);
    expect(effective(graph, 'support')).toEqual(['org:read', 'support:create']);
    expect(effective(graph, 'viewer')).toEqual(['org:read']);
  });

  it('several parents give exactly the union', () => {
    const graph = roleGraphOf([
      role('billing', ['billing:read', 'invoices:read']),
      role('auditor', ['audit:read', 'audit:export']),
      role('finance', [], ['billing', 'auditor']),
    ]);
    expect(effective(graph, 'finance')).toEqual(['audit:export', 'audit:read', 'billing:read', 'invoices:read']);
  });

  it('a diamond counts the shared ancestor once and is not a cycle', () => {
    const graph = roleGraphOf([
      role('base', ['org:read']),
      role('left', ['usage:read'], ['base']),
      role('right', ['invoices:read'], ['base']),
      role('bottom', ['audit:read'], ['left', 'right']),
    ]);
    expect(effective(graph, 'bottom')).toEqual(['audit:read', 'invoices:read', 'org:read', 'usage:read']);
    expect(findCycle(graph)).toBeNull();
    expect(inheritanceDepths(graph).get('bottom')).toBe(2);
    expect(checkRoleGraph(graph, 'bottom')).toBeNull();
  });
});

describe('descendants', () => {
  it('lists every role that inherits, directly or through others, once', () => {
    const graph = roleGraphOf([
      role('base', []),
      role('left', [], ['base']),
      role('right', [], ['base']),
      role('bottom', [], ['left', 'right']),
      role('other', []),
    ]);
    expect([...descendantsOf(graph, 'base')].sort()).toEqual(['bottom', 'left', 'right']);
    expect([...descendantsOf(graph, 'left')]).toEqual(['bottom']);
    expect([...descendantsOf(graph, 'other')]).toEqual([]);
  });
});

describe('cycles', () => {
  it('a role that inherits from itself is a cycle of one', () => {
    const graph = roleGraphOf([role('eng', [], ['eng'])]);
    expect(findCycle(graph)).toEqual(['eng', 'eng']);
    expect(checkRoleGraph(graph, 'eng')?.message).toBe('Roles cannot inherit from each other in a circle: Eng → Eng');
  });

  it('names the cycle starting from the role being saved', () => {
    const before = roleGraphOf([role('engineering', ['org:read']), role('ops', [], ['engineering'])]);
    const after = withRole(before, role('engineering', ['org:read'], ['ops']));
    expect(findCycle(after, 'engineering')).toEqual(['engineering', 'ops', 'engineering']);
    expect(checkRoleGraph(after, 'engineering')).toMatchObject({
      kind: 'cycle',
      message: 'Roles cannot inherit from each other in a circle: Engineering → Ops → Engineering',
    });
    expect(checkRoleGraph(before, 'ops')).toBeNull();
  });

  it('finds a long cycle through the changed role and names each role once', () => {
    const graph = roleGraphOf([
      role('a', [], ['d']),
      role('b', [], ['a']),
      role('c', [], ['b', 'x']),
      role('d', [], ['c']),
      role('x', []),
    ]);
    expect(findCycle(graph, 'b')).toEqual(['b', 'a', 'd', 'c', 'b']);
    expect(checkRoleGraph(graph, 'b')?.message).toBe(
      'Roles cannot inherit from each other in a circle: B → A → D → C → B',
    );
  });
});

describe('depth limit', () => {
  it(`${MAX_INHERITANCE_DEPTH} inheritance steps are allowed`, () => {
    const graph = chain(MAX_INHERITANCE_DEPTH);
    expect(inheritanceDepths(graph).get(`r${MAX_INHERITANCE_DEPTH}`)).toBe(MAX_INHERITANCE_DEPTH);
    expect(checkRoleGraph(graph, `r${MAX_INHERITANCE_DEPTH}`)).toBeNull();
    expect(effective(graph, `r${MAX_INHERITANCE_DEPTH}`)).toEqual(['org:read']);
  });

  it(`${MAX_INHERITANCE_DEPTH + 1} are refused, with the chain in the message`, () => {
    const graph = chain(MAX_INHERITANCE_DEPTH + 1);
    const problem = checkRoleGraph(graph, `r${MAX_INHERITANCE_DEPTH + 1}`);
    expect(problem).toMatchObject({ kind: 'too_deep', roleId: 'r11', depth: 11 });
    expect(problem?.message).toBe(
      'Inheritance can be at most 10 levels deep; this would make 11: ' +
        'R11 → R10 → R9 → R8 → R7 → R6 → R5 → R4 → R3 → R2 → R1 → R0',
    );
  });

  it('giving a parent to the top of a chain is refused when it pushes a descendant past the limit', () => {
    const graph = withRole(chain(MAX_INHERITANCE_DEPTH), role('r0', ['org:read'], ['root']));
    graph.set('root', role('root', []));
    const problem = checkRoleGraph(graph, 'r0');
    expect(problem).toMatchObject({ kind: 'too_deep', roleId: 'r10', depth: 11 });
  });
});
