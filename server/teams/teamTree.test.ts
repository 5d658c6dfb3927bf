/** The tree rules on their own: ancestors, descendants, and which moves keep a tree of depth ≤ 10. */
import { describe, expect, it } from 'vitest';
import { MAX_TEAM_DEPTH } from './teamSchemas';
import { ancestorsOf, checkPlacement, descendantsOf, subtreeHeight, treeOf, type TreeNode } from './teamTree';

const node = (id: string, parentId: string | null = null): TreeNode => ({ id, name: id.toUpperCase(), parentId });

/** a → b → c, a → d; e alone. */
const tree = treeOf([node('a'), node('b', 'a'), node('c', 'b'), node('d', 'a'), node('e')]);

/** t0 → t1 → … → t{n-1}. */
function chain(n: number, prefix = 't'): TreeNode[] {
  return Array.from({ length: n }, (_, i) => node(`${prefix}${i}`, i === 0 ? null : `${prefix}${i - 1}`));
}

describe('team tree', () => {
  it('reads ancestors from the top down, descendants at any depth, and subtree height', () => {
    expect(ancestorsOf(tree, 'c').map((n) => n.id)).toEqual(['a', 'b']);
    expect(ancestorsOf(tree, 'a')).toEqual([]);
    expect([...descendantsOf(tree, 'a')].sort()).toEqual(['b', 'c', 'd']);
    expect(subtreeHeight(tree, 'a')).toBe(2);
    expect(subtreeHeight(tree, 'c')).toBe(0);
  });

  it('allows moves that keep a tree', () => {
    expect(checkPlacement(tree, 'c', 'd')).toBeNull();
    expect(checkPlacement(tree, 'a', 'e')).toBeNull();
    expect(checkPlacement(tree, 'b', null)).toBeNull();
  });

  it('refuses a team under itself or under one of its sub-teams, naming the circle', () => {
    expect(checkPlacement(tree, 'a', 'a')).toMatchObject({ kind: 'cycle', cycle: ['A', 'A'] });
    const problem = checkPlacement(tree, 'a', 'c');
    expect(problem).toMatchObject({ kind: 'cycle', cycle: ['A', 'B', 'C', 'A'] });
    expect(problem?.message).toContain('A → B → C → A');
  });

  it(`allows ${MAX_TEAM_DEPTH} levels below the top and refuses one more, counting the moved subtree`, () => {
    const deep = treeOf([...chain(MAX_TEAM_DEPTH + 1), node('x'), node('y', 'x')]);
    // t10 is at depth 10: a new team below it would be at 11.
    expect(checkPlacement(new Map(deep).set('n', node('n', 't10')), 'n', 't10')).toMatchObject({
      kind: 'too_deep',
      depth: MAX_TEAM_DEPTH + 1,
    });
    expect(checkPlacement(deep, 'x', 't9')).toMatchObject({ kind: 'too_deep', depth: MAX_TEAM_DEPTH + 1 });
    expect(checkPlacement(deep, 'x', 't8')).toBeNull();
    const problem = checkPlacement(deep, 'x', 't9');
    expect(problem?.message).toContain('T0 → T1');
    expect(problem?.message).toContain('T9 → X → Y');
  });
});
