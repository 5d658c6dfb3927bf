import { describe, expect, it } from 'vitest';
import { inTreeOrder, subtreeIds } from './treeOrder';

const teams = [
  { id: 'w', name: 'Web', parentId: 'e' },
  { id: 'e', name: 'Engineering', parentId: null },
  { id: 'a', name: 'API', parentId: 'e' },
  { id: 'g', name: 'Gateway', parentId: 'a' },
  { id: 's', name: 'Sales', parentId: null },
];

describe('team tree order', () => {
  it('lists parents before their sub-teams, siblings by name, with depth', () => {
    expect(inTreeOrder(teams).map(({ team, depth }) => `${depth}:${team.name}`)).toEqual([
      '0:Engineering',
      '1:API',
      '2:Gateway',
      '1:Web',
      '0:Sales',
    ]);
  });

  it('finds a team and everything below it', () => {
    expect([...subtreeIds(teams, 'e')].sort()).toEqual(['a', 'e', 'g', 'w']);
    expect([...subtreeIds(teams, 's')]).toEqual(['s']);
  });
});
