/**
 * What a role editor sent as grants, made into what is stored: each permission once, with its
 * condition compiled and checked here — at save — so a malformed, unknown-variable or over-long
 * condition is refused with where it is wrong and never reaches a request.
 */
import { AppError } from '../errors';
import { compileCondition } from '../authz/conditions';
import type { Permission } from '../shared/permissions';
import type { Grant } from './roleSchemas';

export type NormalizedGrants = {
  /** Sorted, distinct. */
  permissions: Permission[];
  /** Condition of each conditional grant; absent = unconditional. */
  conditions: Partial<Record<Permission, string>>;
};

/**
 * `permissions` are unconditional grants; `grants` may carry conditions. A permission listed
 * both unconditionally and under a condition is unconditional (the condition could only narrow
 * nothing); under two different conditions it is refused, since the editor should say whether
 * they meant either (`a || b`) or both (`a && b`).
 */
export function normalizeGrants(input: {
  permissions: readonly Permission[];
  grants: readonly Grant[];
}): NormalizedGrants {
  const byPermission = new Map<Permission, string | null>();
  for (const permission of input.permissions) byPermission.set(permission, null);
  input.grants.forEach((grant, index) => {
    const condition = grant.condition ?? null;
    if (condition !== null) {
      const compiled = compileCondition(condition);
      if (!compiled.ok) {
        throw new AppError(
          'INVALID_CONDITION',
          `The condition on ${grant.permission} is invalid: ${compiled.error.message}`,
          {
            field: `grants.${index}.condition`,
            permission: grant.permission,
            ...(compiled.error.position ? { position: compiled.error.position } : {}),
          },
        );
      }
    }
    if (!byPermission.has(grant.permission)) {
      byPermission.set(grant.permission, condition);
      return;
    }
    const known = byPermission.get(grant.permission) ?? null;
    if (known === null || condition === null) {
      byPermission.set(grant.permission, null);
    } else if (known !== condition) {
      throw new AppError(
        'INVALID_CONDITION',
        `${grant.permission} is granted twice with different conditions; combine them into one with || or &&`,
        { field: `grants.${index}.condition`, permission: grant.permission },
      );
    }
  });
  const permissions = [...byPermission.keys()].sort();
  const conditions: Partial<Record<Permission, string>> = {};
  for (const [permission, condition] of byPermission) if (condition !== null) conditions[permission] = condition;
  return { permissions, conditions };
}

export function sameConditions(
  a: Readonly<Partial<Record<Permission, string>>> | undefined,
  b: Readonly<Partial<Record<Permission, string>>> | undefined,
): boolean {
  const left = Object.entries(a ?? {}).sort(([x], [y]) => (x < y ? -1 : 1));
  const right = Object.entries(b ?? {}).sort(([x], [y]) => (x < y ? -1 : 1));
  return JSON.stringify(left) === JSON.stringify(right);
}
