/**
 * The live view of one role for the people editing it: when someone saves (or deletes) the role,
 * every open editor hears who did it, the new version, which fields changed and the role as it
 * now stands — so an admin can see a colleague's change before saving over it.
 *
 * Fed by the 'role.updated' / 'role.deleted' events the role service already writes to the org's
 * activity outbox in the same transaction as the change (server/roles/roleService.ts), relayed to
 * Redis; nothing here writes. Reads are short tenant transactions; nothing is held open while
 * waiting. A change committed before the subscription was open is caught by comparing the role's
 * version with the one the editor loaded.
 */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { outbox, users } from '../../db/schema';
import type { ActivityEvent } from '../shared/activityEvent';
import { isAppError } from '../errors';
import { getBus, type Bus } from '../realtime/bus';
import { openChannelFeed } from '../realtime/channelFeed';
import { channelFor } from '../realtime/outbox';
import type { Principal } from '../tenancy/principal';
import { withTenant, type Tx } from '../tenancy/withTenant';
import type { RoleView } from './roleSchemas';
import { getRole } from './roleServiceQueries';

export const ROLE_FIELDS = ['name', 'description', 'permissions', 'parents'] as const;
export type RoleField = (typeof ROLE_FIELDS)[number];

export type RoleChangedBy = { userId: string; name: string | null } | null;

export type RoleChange =
  | { kind: 'updated'; version: number; by: RoleChangedBy; fields: RoleField[]; role: RoleView }
  | { kind: 'deleted'; by: RoleChangedBy; name: string };

export type LiveRoleChangesOptions = {
  orgId: string;
  roleId: string;
  /** The version the editor shows; anything newer is reported. */
  knownVersion: number;
  actor: Principal;
  signal?: AbortSignal;
  bus?: Bus;
};

const ROLE_EVENTS = ['role.updated', 'role.deleted'];

function fieldsOf(data: Record<string, unknown>): RoleField[] {
  const fields = Array.isArray(data.fields) ? data.fields : [];
  return ROLE_FIELDS.filter((field) => fields.includes(field));
}

/** The newest event about the role, with its actor's name: who made the version the editor missed. */
async function latestRoleEvent(tx: Tx, orgId: string, roleId: string): Promise<ActivityEvent | null> {
  const [row] = await tx
    .select({
      id: outbox.id,
      type: outbox.type,
      actorUserId: outbox.actorUserId,
      actorName: users.name,
      data: outbox.data,
      createdAt: outbox.createdAt,
    })
    .from(outbox)
    .leftJoin(users, eq(users.id, outbox.actorUserId))
    .where(
      and(
        eq(outbox.orgId, orgId),
        eq(outbox.topic, 'activity'),
        inArray(outbox.type, ROLE_EVENTS),
        sql`${outbox.data}->>'roleId' = ${roleId}`,
      ),
    )
    .orderBy(desc(outbox.id))
    .limit(1);
  if (!row) return null;
  return {
    id: row.id,
    type: row.type,
    actor: row.actorUserId ? { userId: row.actorUserId, name: row.actorName } : null,
    data: row.data,
    createdAt: row.createdAt.toISOString(),
  };
}

async function currentRole(tx: Tx, orgId: string, roleId: string): Promise<RoleView | null> {
  try {
    return await getRole(tx, orgId, roleId);
  } catch (error) {
    if (isAppError(error) && error.appCode === 'ROLE_NOT_FOUND') return null;
    throw error;
  }
}

function parseEvent(message: string): ActivityEvent | null {
  try {
    return JSON.parse(message) as ActivityEvent;
  } catch {
    return null;
  }
}

export async function* liveRoleChanges(options: LiveRoleChangesOptions): AsyncGenerator<RoleChange> {
  const { orgId, roleId, actor, signal } = options;
  const feed = await openChannelFeed(options.bus ?? getBus(), channelFor(orgId, 'activity'), { signal });
  let shown = options.knownVersion;
  let isDeleted = false;

  /** Reads the role as it is now and reports it when it is newer than what the editor shows. */
  const check = async (event: ActivityEvent | null): Promise<RoleChange | null> => {
    const { role, latest } = await withTenant(orgId, actor, async (tx) => {
      const found = await currentRole(tx, orgId, roleId);
      const isNewer = found === null || found.version > shown;
      return { role: found, latest: event ?? (isNewer ? await latestRoleEvent(tx, orgId, roleId) : null) };
    });
    const by = latest?.actor ?? null;
    if (!role) {
      isDeleted = true;
      const name = typeof latest?.data.name === 'string' ? latest.data.name : 'This role';
      return { kind: 'deleted', by, name };
    }
    if (role.version <= shown) return null;
    shown = role.version;
    return { kind: 'updated', version: role.version, by, fields: latest ? fieldsOf(latest.data) : [], role };
  };

  try {
    const first = await check(null);
    if (first) yield first;
    if (isDeleted) return;
    for await (const item of feed) {
      let event: ActivityEvent | null = null;
      if (item.kind === 'message') {
        event = parseEvent(item.message);
        if (!event || !ROLE_EVENTS.includes(event.type) || event.data.roleId !== roleId) continue;
        if (event.type === 'role.updated' && Number(event.data.version) <= shown) continue;
      }
      const change = await check(event);
      if (change) yield change;
      if (isDeleted || signal?.aborted) return;
    }
  } finally {
    feed.close();
  }
}
