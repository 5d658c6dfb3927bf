/**
 * Runs a compiled condition against one decision's inputs. Fails closed: a missing attribute, a
 * type mismatch, a malformed IP or anything else that goes wrong denies, with the reason, and
 * never throws into the caller. Only a result of exactly `true` allows.
 */
import type { CompiledCondition } from './compile';
import type { ConditionEnv, ConditionPrincipal, ConditionResource } from './environment';

export type ConditionInput = {
  principal: ConditionPrincipal;
  /** Omit when the decision is not about one resource: conditions on resource then deny. */
  resource?: ConditionResource;
  env: ConditionEnv;
};

export type ConditionOutcome = { allowed: boolean; value: unknown; error?: string };

const NO_RESOURCE: ConditionResource = Object.freeze({});

function reasonOf(error: unknown, source: string): string {
  type Range = { start: number; end: number };
  const celError = error as { summary?: string; message?: string; range?: Range; node?: { range?: Range } };
  const summary = celError.summary ?? celError.message ?? String(error);
  const range = celError.node?.range ?? celError.range;
  if (!range || range.end <= range.start) return summary;
  return `${summary} (in "${source.slice(range.start, range.end)}")`;
}

export function evaluateCondition(condition: CompiledCondition, input: ConditionInput): ConditionOutcome {
  let value: unknown;
  try {
    value = condition.program({ principal: input.principal, resource: input.resource ?? NO_RESOURCE, env: input.env });
  } catch (error) {
    return { allowed: false, value: undefined, error: reasonOf(error, condition.source) };
  }
  if (typeof value !== 'boolean') {
    return { allowed: false, value, error: `The condition gave ${String(value)}, not true or false` };
  }
  return { allowed: value, value };
}
