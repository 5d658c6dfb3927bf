/**
 * What changed between the role an editor shows and the one someone else just saved, in plain
 * sentences ("Renamed it from “Support” to “Support (EU)”", "Added support:manage"), so an admin
 * can decide whether to load it before saving over it.
 */
import type { RoleView } from '../../../server/roles/roleSchemas';

type Field = 'name' | 'description' | 'permissions' | 'parents';

const FIELD_WORDS: Record<Field, string> = {
  name: 'the name',
  description: 'the description',
  permissions: 'the permissions',
  parents: 'the roles it inherits from',
};

function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function conditionsOf(role: Pick<RoleView, 'grants'>): Map<string, string | null> {
  return new Map(role.grants.map((grant) => [grant.permission, grant.condition]));
}

export function summarizeRoleChange(
  before: Pick<RoleView, 'name' | 'description' | 'permissions' | 'grants' | 'parents'>,
  after: Pick<RoleView, 'name' | 'description' | 'permissions' | 'grants' | 'parents'>,
  fields: readonly Field[] = [],
): string[] {
  const lines: string[] = [];
  if (before.name !== after.name) lines.push(`Renamed it from “${before.name}” to “${after.name}”.`);
  if (before.description !== after.description) {
    lines.push(after.description ? `Changed the description to “${after.description}”.` : 'Removed the description.');
  }

  const added = after.permissions.filter((p) => !before.permissions.includes(p));
  const removed = before.permissions.filter((p) => !after.permissions.includes(p));
  if (added.length > 0) lines.push(`Added ${list(added)}.`);
  if (removed.length > 0) lines.push(`Removed ${list(removed)}.`);
  const was = conditionsOf(before);
  for (const [permission, condition] of conditionsOf(after)) {
    if (!was.has(permission)) {
      if (condition) lines.push(`${permission} is granted only when ${condition}.`);
      continue;
    }
    const previous = was.get(permission) ?? null;
    if (previous === condition) continue;
    if (condition === null) lines.push(`Removed the condition on ${permission}.`);
    else if (previous === null) lines.push(`Put a condition on ${permission}: ${condition}.`);
    else lines.push(`Changed the condition on ${permission} to ${condition}.`);
  }

  const parentNames = (role: typeof before) => role.parents.map((p) => p.name);
  const inherits = parentNames(after).filter((name) => !parentNames(before).includes(name));
  const stops = parentNames(before).filter((name) => !parentNames(after).includes(name));
  if (inherits.length > 0) lines.push(`Now inherits from ${list(inherits)}.`);
  if (stops.length > 0) lines.push(`No longer inherits from ${list(stops)}.`);

  if (lines.length === 0 && fields.length > 0) lines.push(`Changed ${list(fields.map((f) => FIELD_WORDS[f]))}.`);
  return lines;
}
