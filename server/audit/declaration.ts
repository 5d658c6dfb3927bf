/**
 * How a mutation declares its audit event — in its meta, beside its permission:
 *
 *   .meta({ permission: 'teams:manage', audit: { action: 'teams.create', resource: 'team', id: fromOutput('id') } })
 *
 * The middleware (./middleware.ts) records exactly what is declared and guesses nothing: the
 * action name, the resource type, where the resource's id is (the input for a change, the output
 * for a create — so a failed create has no id) and, for a sensitive action, where its before and
 * after come from. The same declaration serves any transport that runs the action.
 * This module imports only types: routers of every domain import it.
 */
import type { Tx } from '../tenancy/withTenant';

export type AuditIdSource = {
  /** What the caller sent, not yet validated: ids read from it are checked by shape. */
  input: Record<string, unknown>;
  /** The resolver's result; undefined before it ran or when it failed. */
  output: unknown;
  orgId: string;
};

/** Reads the sensitive state of the resource, in the mutation's transaction (before and after it). */
export type SnapshotLoader = (tx: Tx, orgId: string, resourceId: string) => Promise<unknown>;

export type AuditDeclaration = {
  /** The event's name in the trail, stable across releases (filters and exports rely on it). */
  action: string;
  /** The type of the resource acted on. */
  resource: string;
  /** Where the resource's id is; absent when the action has no single resource. */
  id?: (source: AuditIdSource) => string | null;
  /**
   * Sensitive actions record a before/after: `'request'` records the (redacted) request as the
   * after; a loader reads the resource's state before and after the change.
   */
  snapshot?: 'request' | SnapshotLoader;
};

/** Ids and keys as they appear in inputs and outputs: uuids, numbers, short names. */
const ID_SHAPE = /^[A-Za-z0-9_.:-]{1,100}$/;

function idIn(source: unknown, key: string): string | null {
  if (!source || typeof source !== 'object' || Array.isArray(source)) return null;
  const value = (source as Record<string, unknown>)[key];
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return typeof value === 'string' && ID_SHAPE.test(value) ? value : null;
}

/** The id is the input's `key` (a change to an existing resource). */
export function fromInput(key: string): NonNullable<AuditDeclaration['id']> {
  return ({ input }) => idIn(input, key);
}

/** The id is the output's `key` (a create): a failed create has none. */
export function fromOutput(key = 'id'): NonNullable<AuditDeclaration['id']> {
  return ({ output }) => idIn(output, key);
}

/** The resource is the organization itself (its profile, logo, retention, trail). */
export function theOrg({ orgId }: AuditIdSource): string {
  return orgId;
}
