/**
 * The one way to publish a live event: write it to the outbox inside the tenant transaction of
 * the change it describes. It becomes visible (and is relayed to Redis) only if that commits.
 */
import { outbox } from '../../db/schema';
import type { Tx } from '../tenancy/withTenant';

/**
 * 'activity': the org's feed. 'access': members' effective permissions may have changed.
 * 'invitations': an invitation was sent, resent, revoked or accepted (the invitations page).
 * 'audit': an audit event was recorded (written by server/audit/append.ts; the audit live tail).
 * 'notifications': some members' inboxes changed (data.userIds; server/notifications/).
 */
export type Topic = 'activity' | 'access' | 'invitations' | 'audit' | 'notifications';

export type OutboxEventInput = {
  orgId: string;
  topic: Topic;
  /** Dotted event name, e.g. 'org.updated', 'member.joined'. */
  type: string;
  actorUserId: string | null;
  data?: Record<string, unknown>;
};

export async function recordEvent(tx: Tx, event: OutboxEventInput): Promise<{ id: number }> {
  const [row] = await tx
    .insert(outbox)
    .values({
      orgId: event.orgId,
      topic: event.topic,
      type: event.type,
      actorUserId: event.actorUserId,
      data: event.data ?? {},
    })
    .returning({ id: outbox.id });
  if (!row) throw new Error('outbox insert returned no row');
  return row;
}

export function channelFor(orgId: string, topic: Topic): string {
  return `org:${orgId}:${topic}`;
}
