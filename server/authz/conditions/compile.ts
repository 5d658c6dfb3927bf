/**
 * Turns a condition's source into a checked, reusable program — the only way to get a
 * CompiledCondition. Everything that can be wrong with an expression (syntax, unknown variable,
 * attribute or function, a non-boolean result, an unsafe construct, a malformed literal IP range)
 * is reported here, at save, with where it is; never at request time.
 *
 * Compiled conditions are cached by source, so loading grants for a request never parses again.
 */
import type { ParseResult } from '@marcbachmann/cel-js';
import { CONDITION_VARIABLES, celEnvironment } from './environment';
import { findSafetyProblem } from './safetyChecks';

export const MAX_CONDITION_LENGTH = 1_000;
const MAX_CACHED_CONDITIONS = 5_000;

export type CompiledCondition = {
  readonly source: string;
  /** Type-checked program; call only through evaluateCondition. */
  readonly program: ParseResult;
};

export type ConditionPosition = { line: number; column: number };
export type ConditionError = { message: string; position?: ConditionPosition };
export type CompileConditionResult = { ok: true; condition: CompiledCondition } | { ok: false; error: ConditionError };

const cache = new Map<string, CompiledCondition>();

/** 1-based line and column of a character offset. */
function positionAt(source: string, offset: number): ConditionPosition {
  const before = source.slice(0, Math.max(0, Math.min(offset, source.length)));
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: before.length - lineStart + 1 };
}

function failure(source: string, message: string, offset?: number): CompileConditionResult {
  if (offset === undefined) return { ok: false, error: { message } };
  const position = positionAt(source, offset);
  return { ok: false, error: { message: `${message} (line ${position.line}, column ${position.column})`, position } };
}

type CelError = {
  code?: string;
  summary?: string;
  message: string;
  range?: { start: number };
  node?: { op?: string; args?: unknown };
};

function unknownAttribute(error: CelError): string | null {
  if (error.code !== 'no_such_key' || error.node?.op !== '.') return null;
  const [object, key] = error.node.args as [{ op: string; args: unknown }, string];
  if (object.op !== 'id' || (object.args !== 'principal' && object.args !== 'env')) return null;
  const known = Object.keys(CONDITION_VARIABLES[object.args].fields).join(', ');
  return `${object.args} has no attribute "${key}"; it has ${known}`;
}

function describe(error: CelError): string {
  const summary = error.summary ?? error.message;
  if (error.code === 'unknown_variable')
    return `${summary}; the variables are ${Object.keys(CONDITION_VARIABLES).join(', ')}`;
  const attribute = unknownAttribute(error);
  if (attribute) return attribute;
  if (error.code === 'no_matching_overload') return `Unknown function or wrong argument types: ${summary}`;
  return summary;
}

function compile(source: string): CompileConditionResult {
  if (source.trim() === '') return failure(source, 'The condition is empty');
  if (source.length > MAX_CONDITION_LENGTH) {
    return failure(
      source,
      `The condition is ${source.length} characters long; at most ${MAX_CONDITION_LENGTH} are allowed`,
      MAX_CONDITION_LENGTH,
    );
  }
  let program: ParseResult;
  try {
    program = celEnvironment.parse(source);
  } catch (error) {
    const celError = error as CelError;
    return failure(source, `Syntax error: ${describe(celError)}`, celError.range?.start);
  }
  const checked = program.check();
  if (!checked.valid) {
    const celError = (checked.error ?? { message: 'The condition does not type-check' }) as CelError;
    return failure(source, describe(celError), celError.range?.start);
  }
  if (checked.type !== 'bool') {
    return failure(
      source,
      `A condition must be true or false, but this one gives a value of type ${checked.type}` +
        (checked.type === 'dyn' ? '; compare it explicitly, e.g. resource.flag == true' : ''),
      0,
    );
  }
  const problem = findSafetyProblem(program.ast);
  if (problem) return failure(source, problem.message, problem.offset);
  return { ok: true, condition: Object.freeze({ source, program }) };
}

export function compileCondition(source: string): CompileConditionResult {
  const cached = cache.get(source);
  if (cached) {
    // Re-inserted so the map's insertion order is least recently used first.
    cache.delete(source);
    cache.set(source, cached);
    return { ok: true, condition: cached };
  }
  const result = compile(source);
  if (result.ok) {
    if (cache.size >= MAX_CACHED_CONDITIONS) cache.delete(cache.keys().next().value!);
    cache.set(source, result.condition);
  }
  return result;
}
