/**
 * The access explainer: why a member may or may not do something. Walks the role graph at
 * explain time (this is an admin's question, not the request path) from every role the member
 * holds up through its parents, and lists each path that reaches a grant of the permission, with
 * the grant's condition evaluated against the member, the optional resource and an imagined
 * request. Reads only, inside the caller's tenant transaction.
 */
import { and, eq } from 'drizzle-orm';
import { memberRoles, memberships, organizations, users } from '../../db/schema';
import { AppError } from '../errors';
import type { Tx } from '../tenancy/withTenant';
import { accessSubjectOf } from '../authz/can';
import { compileCondition, evaluateCondition, readsResource } from '../authz/conditions';
import { loadRoleGraph, type StoredRole } from '../authz/effectivePermissions';
import type { AccessExplanation, AccessStep, ExplainAccessInput } from './explainSchemas';

/** Past this many paths the answer is no longer readable (and diamonds can multiply paths). */
const MAX_STEPS = 50;

type Path = { held: StoredRole; via: StoredRole[] };

function pathsToGrants(graph: ReadonlyMap<string, StoredRole>, held: StoredRole, permission: string): Path[] {
  const found: Path[] = [];
  const walk = (role: StoredRole, via: StoredRole[]) => {
    if (found.length >= MAX_STEPS) return;
    if ((role.permissions as readonly string[]).includes(permission)) found.push({ held, via });
    for (const parentId of role.parentIds) {
      const parent = graph.get(parentId);
      if (parent) walk(parent, [...via, parent]);
    }
  };
  walk(held, []);
  return found;
}

export async function explainAccess(tx: Tx, orgId: string, input: ExplainAccessInput): Promise<AccessExplanation> {
  const [member] = await tx
    .select({ id: memberships.id, attributes: memberships.attributes, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), eq(memberships.id, input.membershipId)));
  if (!member) throw new AppError('MEMBER_NOT_FOUND');
  const [org] = await tx
    .select({ timezone: organizations.timezone })
    .from(organizations)
    .where(eq(organizations.id, orgId));
  const heldIds = await tx
    .select({ roleId: memberRoles.roleId })
    .from(memberRoles)
    .where(and(eq(memberRoles.orgId, orgId), eq(memberRoles.membershipId, input.membershipId)));
  const graph = await loadRoleGraph(tx, orgId);
  const subject = accessSubjectOf({
    permissions: [],
    conditions: {},
    member: { id: member.id, email: member.email, attributes: member.attributes },
    request: { ip: input.ip ?? null, now: input.at ?? new Date(), timezone: org?.timezone ?? 'UTC' },
  });

  const held = heldIds
    .map(({ roleId }) => graph.get(roleId))
    .filter((role): role is StoredRole => role !== undefined)
    .sort((a, b) => a.name.localeCompare(b.name));
  const chain: AccessStep[] = [];
  for (const role of held) {
    for (const path of pathsToGrants(graph, role, input.permission)) {
      if (chain.length >= MAX_STEPS) break;
      const granting = path.via.at(-1) ?? path.held;
      const condition = granting.conditions?.[input.permission];
      const parts = [path.held.name];
      if (path.via.length > 0) parts.push(`inherited from ${path.via.map((r) => r.name).join(' → ')}`);
      parts.push(`grant ${input.permission}`);
      const step: AccessStep = {
        role: path.held.name,
        ...(path.via.length > 0 ? { inheritedFrom: path.via.map((r) => r.name) } : {}),
        grant: { permission: input.permission, ...(condition ? { condition } : {}) },
        allows: true,
        description: '',
      };
      if (condition) {
        const compiled = compileCondition(condition);
        const outcome = compiled.ok
          ? evaluateCondition(compiled.condition, {
              principal: subject.principal,
              env: subject.env,
              resource: input.resource,
            })
          : { allowed: false, value: undefined, error: compiled.error.message };
        step.conditionResult = {
          value: typeof outcome.value === 'boolean' ? outcome.value : null,
          ...(outcome.error ? { error: outcome.error } : {}),
        };
        step.allows = outcome.allowed;
        step.readsResource = compiled.ok && readsResource(compiled.condition.program.ast);
        parts.push(`condition ${condition}`, outcome.error ? `error: ${outcome.error}` : String(outcome.value));
      }
      step.description = parts.join(' → ');
      chain.push(step);
    }
  }

  const allowing = chain.find((step) => step.allows);
  const reason = allowing
    ? `Allowed: ${allowing.description}`
    : chain.length === 0
      ? `Denied: none of the member's roles grants ${input.permission}`
      : `Denied: every grant of ${input.permission} is conditional and none holds (${chain.map((s) => s.description).join('; ')})`;
  return { allowed: allowing !== undefined, chain, reason };
}
