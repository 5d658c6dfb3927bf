/**
 * Checks on a parsed condition beyond CEL's own type checker, run once when it is saved.
 *
 * The library has no evaluation cost limit, and conditions are written by tenant admins but run
 * in the process every tenant shares, so constructs whose cost can grow exponentially with the
 * text are refused: `matches` (JavaScript's backtracking RegExp: one pattern can hang the event
 * loop), `cel.bind` (each binding can double a list or string) and a comprehension inside
 * another (nested or chained, each level multiplies the work). What remains costs at most the
 * expression's size times the size of the lists the procedure supplies.
 *
 * Literal IP ranges and addresses passed to inCidr / ipInAny are validated here too, so a typo
 * in an allowlist is refused at save instead of denying every request.
 */
import type { ASTNode } from '@marcbachmann/cel-js';
import { parseCidr, parseIp } from './ip';

export type SafetyProblem = { message: string; offset: number };

const COMPREHENSIONS = new Set(['all', 'exists', 'exists_one', 'map', 'filter']);

function childrenOf(node: ASTNode): ASTNode[] {
  switch (node.op) {
    case 'value':
    case 'id':
      return [];
    case '.':
    case '.?':
      return [node.args[0]];
    case 'call':
      return node.args[1];
    case 'rcall':
      return [node.args[1], ...node.args[2]];
    case 'map':
      return node.args.flat();
    case '!_':
    case '-_':
      return [node.args];
    default:
      return node.args;
  }
}

function isComprehension(node: ASTNode): boolean {
  return node.op === 'rcall' && COMPREHENSIONS.has(node.args[0]);
}

function stringLiteral(node: ASTNode | undefined): string | undefined {
  return node?.op === 'value' && typeof node.args === 'string' ? node.args : undefined;
}

function checkIpArguments(name: string, args: ASTNode[]): SafetyProblem | null {
  const [ipArg, rangeArg] = args;
  const ip = stringLiteral(ipArg);
  if (ip !== undefined && !parseIp(ip)) return { message: `"${ip}" is not an IP address`, offset: ipArg!.start };
  const ranges = name === 'inCidr' ? [rangeArg] : rangeArg?.op === 'list' ? rangeArg.args : [];
  for (const range of ranges) {
    const text = stringLiteral(range);
    if (text === undefined) continue;
    const parsed = parseCidr(text);
    if (!parsed.ok) return { message: parsed.reason, offset: range!.start };
  }
  return null;
}

function checkNode(node: ASTNode, insideComprehension: boolean): SafetyProblem | null {
  if (node.op === 'call' || node.op === 'rcall') {
    const name = node.args[0];
    if (name === 'matches') {
      return {
        message: 'Regular expressions (matches) are not allowed in conditions; use startsWith, endsWith or contains',
        offset: node.start,
      };
    }
    if (node.op === 'rcall' && name === 'bind' && node.args[1].op === 'id' && node.args[1].args === 'cel') {
      return {
        message: 'cel.bind is not allowed in conditions; repeat the sub-expression instead',
        offset: node.start,
      };
    }
    if (isComprehension(node) && insideComprehension) {
      return {
        message: `A comprehension (${name}) inside another one is not allowed in conditions; use one list macro per list`,
        offset: node.start,
      };
    }
    if (node.op === 'call' && (name === 'inCidr' || name === 'ipInAny')) {
      const problem = checkIpArguments(name, node.args[1]);
      if (problem) return problem;
    }
  }
  const inside = insideComprehension || isComprehension(node);
  for (const child of childrenOf(node)) {
    const problem = checkNode(child, inside);
    if (problem) return problem;
  }
  return null;
}

export function findSafetyProblem(ast: ASTNode): SafetyProblem | null {
  return checkNode(ast, false);
}

/**
 * Whether the condition reads `resource` anywhere. Such a condition cannot be decided before the
 * procedure has loaded the resource; the request gate (server/trpc/procedures.ts) uses this.
 */
export function readsResource(ast: ASTNode): boolean {
  if (ast.op === 'id' && ast.args === 'resource') return true;
  return childrenOf(ast).some(readsResource);
}
