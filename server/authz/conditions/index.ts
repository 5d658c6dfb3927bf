/**
 * ABAC conditions on grants, in CEL: compile (and check) when a grant is saved, evaluate per
 * decision. Pure — no database, no I/O. See environment.ts for what a condition can use.
 */
export {
  compileCondition,
  MAX_CONDITION_LENGTH,
  type CompileConditionResult,
  type CompiledCondition,
  type ConditionError,
  type ConditionPosition,
} from './compile';
export {
  CONDITION_FUNCTIONS,
  CONDITION_VARIABLES,
  conditionEnv,
  conditionPrincipal,
  type ConditionEnv,
  type ConditionPrincipal,
  type ConditionResource,
  type PrincipalAttributes,
} from './environment';
export { evaluateCondition, type ConditionInput, type ConditionOutcome } from './evaluate';
export { isValidTimeZone } from './localTime';
export { readsResource } from './safetyChecks';
