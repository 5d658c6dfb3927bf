/** The tree checks of teamTree.ts as the refusals a save gets (field 'parentId', the chain named). */
import { AppError } from '../errors';
import { checkPlacement, type TeamTree } from './teamTree';

export function assertPlacement(tree: TeamTree, teamId: string, parentId: string | null, field = 'parentId'): void {
  const problem = checkPlacement(tree, teamId, parentId);
  if (!problem) return;
  throw new AppError(
    problem.kind === 'cycle' ? 'TEAM_CYCLE' : 'TEAM_TOO_DEEP',
    problem.message,
    problem.kind === 'cycle' ? { field, cycle: problem.cycle } : { field, chain: problem.chain, depth: problem.depth },
  );
}
