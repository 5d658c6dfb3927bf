/**
 * Who may read which activity event. Every reader of the feed holds activity:read (the gate of
 * activity.list and activity.live); an event about billing, people, keys or tickets additionally
 * needs the permission that guards that part of the product, so the feed never tells a Viewer
 * what an invoice came to. Events are matched by their resource — the part of the dotted type
 * before the first dot ('invoice.paid' → 'invoice') — so a feature that adds 'invoice.voided'
 * is covered without touching this file, and one that adds a new resource adds one line to
 * server/shared/activityResources.ts (the map itself, which the browser shares).
 *
 * The list applies this as a SQL filter on the type (service.ts), the live stream per event
 * (live.ts); both ask the same `ActivityReader`, built once from the member's access decision.
 */
import { sql, type SQL } from 'drizzle-orm';
import { outbox } from '../../db/schema';
import type { Permission } from '../shared/permissions';
import { ACTIVITY_EVENT_PERMISSIONS, resourceOf } from '../shared/activityResources';

/** What one member may see of the feed: decided once per request or subscription. */
export type ActivityReader = {
  /** Resources whose events this reader may not see (sorted, for stable SQL). */
  readonly hiddenResources: readonly string[];
  canRead(type: string): boolean;
  /** canRead for an event whose resource (resourceOf) is already known: the live fan-out's per-member check. */
  canReadResource(resource: string): boolean;
};

/**
 * `isAllowed` is the member's decision without a resource (ctx.can): a permission held only under
 * a condition that reads the resource counts as not held, so the feed fails closed.
 */
export function activityReader(isAllowed: (permission: Permission) => boolean): ActivityReader {
  const hidden = new Set<string>();
  const decided = new Map<Permission, boolean>();
  for (const [resource, permission] of Object.entries(ACTIVITY_EVENT_PERMISSIONS)) {
    let allowed = decided.get(permission);
    if (allowed === undefined) {
      allowed = isAllowed(permission);
      decided.set(permission, allowed);
    }
    if (!allowed) hidden.add(resource);
  }
  return {
    hiddenResources: [...hidden].sort(),
    canRead: (type) => !hidden.has(resourceOf(type)),
    canReadResource: (resource) => hidden.size === 0 || !hidden.has(resource),
  };
}

/** A reader who may see every event (system actors, tests of the unfiltered feed). */
export const EVERY_ACTIVITY: ActivityReader = activityReader(() => true);

/**
 * The SQL side of `canRead`: the outbox row's resource is not one the reader may not see.
 * `split_part(type, '.', 1)` is the same resource `resourceOf` takes (the whole type when it has
 * no dot). Undefined when nothing is hidden, so the common case adds no predicate.
 */
export function readableActivityFilter(reader: ActivityReader): SQL | undefined {
  if (reader.hiddenResources.length === 0) return undefined;
  const hidden = sql.join(
    reader.hiddenResources.map((resource) => sql`${resource}`),
    sql`, `,
  );
  return sql`split_part(${outbox.type}, '.', 1) not in (${hidden})`;
}
