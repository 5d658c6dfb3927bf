/**
 * The authorization decision: may this member do `permission` (to this resource)? Answers from
 * what app_resolve_member loaded for the request — the permission set and, for permissions held
 * only under conditions, their CEL sources — plus the member's attributes and the request's
 * environment. No database, no graph walk: conditions are compiled once per source (cached by
 * compileCondition) and evaluated here. Fails closed: a condition that errors denies, with why.
 */
import type { MemberAttributes } from '../../db/schema/memberships';
import {
  compileCondition,
  conditionEnv,
  conditionPrincipal,
  evaluateCondition,
  readsResource,
  type ConditionEnv,
  type ConditionPrincipal,
  type ConditionResource,
} from './conditions';
import type { Permission } from '../shared/permissions';

/** What a decision needs about the member asking, built once per request. */
export type AccessSubject = {
  permissions: ReadonlySet<Permission>;
  /** Permissions held only under conditions → their sources; any one holding allows. */
  conditions: Readonly<Partial<Record<Permission, readonly string[]>>>;
  principal: ConditionPrincipal;
  env: ConditionEnv;
};

/** `lacksGrant` when no role grants the permission at all (as opposed to a grant whose conditions fail). */
export type AccessDecision = { allowed: boolean; reason: string; lacksGrant?: true };

/** Attributes a resource may carry into a condition (`resource.amount`, `resource.region`). */
export type ResourceAttributes = Readonly<Record<string, string | number | boolean>>;

export function accessSubjectOf(input: {
  permissions: Iterable<Permission>;
  conditions: Partial<Record<Permission, readonly string[]>>;
  member: { id: string; email: string; attributes: MemberAttributes };
  request: { ip: string | null; now: Date; timezone: string };
}): AccessSubject {
  const { department, region, title } = input.member.attributes;
  return {
    permissions: new Set(input.permissions),
    conditions: input.conditions,
    principal: conditionPrincipal({ id: input.member.id, email: input.member.email, department, region, title }),
    env: conditionEnv(input.request),
  };
}

function evaluateSource(subject: AccessSubject, source: string, resource: ConditionResource | undefined) {
  const compiled = compileCondition(source);
  // Stored conditions were checked at save; one that no longer compiles (a function since
  // removed, say) denies rather than throwing into the request.
  if (!compiled.ok) return { allowed: false, value: undefined, error: compiled.error.message };
  return evaluateCondition(compiled.condition, { principal: subject.principal, env: subject.env, resource });
}

function denial(permission: Permission, results: string[]): AccessDecision {
  return { allowed: false, reason: `${permission} is granted only when ${results.join('; or when ')}` };
}

/** Whether `subject` may do `permission`, with the conditions evaluated against `resource` when given. */
export function decide(subject: AccessSubject, permission: Permission, resource?: ResourceAttributes): AccessDecision {
  if (!subject.permissions.has(permission)) {
    return { allowed: false, reason: `None of your roles grants ${permission}`, lacksGrant: true };
  }
  const sources = subject.conditions[permission];
  if (!sources || sources.length === 0) return { allowed: true, reason: `Granted ${permission} without conditions` };
  const failures: string[] = [];
  for (const source of sources) {
    const outcome = evaluateSource(subject, source, resource);
    if (outcome.allowed) return { allowed: true, reason: `Granted ${permission} because ${source} holds` };
    failures.push(`${source} (${outcome.error ?? `it is ${String(outcome.value)}`})`);
  }
  return denial(permission, failures);
}

/**
 * The check at the procedure gate, before any resource is loaded. A condition that reads
 * `resource` cannot be decided yet: on a procedure whose meta says `checksResource` the gate lets
 * it through and the resolver must call `ctx.can(permission, resource)`; everywhere else it
 * denies (fail closed: a procedure that never names a resource cannot satisfy it). Conditions
 * on the principal and environment alone (IP allowlist, business hours, region of the member)
 * are decided here.
 */
export function decideAtGate(
  subject: AccessSubject,
  permission: Permission,
  options: { checksResource: boolean },
): AccessDecision {
  if (!subject.permissions.has(permission)) {
    return { allowed: false, reason: `None of your roles grants ${permission}`, lacksGrant: true };
  }
  const sources = subject.conditions[permission];
  if (!sources || sources.length === 0) return { allowed: true, reason: `Granted ${permission} without conditions` };
  const failures: string[] = [];
  for (const source of sources) {
    const compiled = compileCondition(source);
    if (options.checksResource && compiled.ok && readsResource(compiled.condition.program.ast)) {
      return { allowed: true, reason: `${permission} depends on the resource; the procedure checks ${source}` };
    }
    const outcome = evaluateSource(subject, source, undefined);
    if (outcome.allowed) return { allowed: true, reason: `Granted ${permission} because ${source} holds` };
    failures.push(`${source} (${outcome.error ?? `it is ${String(outcome.value)}`})`);
  }
  return denial(permission, failures);
}

/** `can(ctx, permission, resource?)` for code holding a request context. */
export function can(
  ctx: { access: AccessSubject },
  permission: Permission,
  resource?: ResourceAttributes,
): AccessDecision {
  return decide(ctx.access, permission, resource);
}
