/**
 * The viewer's live tail. Subscribes to `org:<id>:audit` first (confirmed by Redis), then treats
 * every message — and every bus reconnect — as a wake-up: it reads from the database, in a short
 * tenant transaction, the events after the last one delivered that match the viewer's filters.
 * The database is the source of truth, so a message lost or duplicated costs nothing, and a
 * reconnecting client resumes from its lastEventId (the seq) without a gap.
 */
import { tracked, type TrackedEnvelope } from '@trpc/server';
import { getBus, type Bus } from '../realtime/bus';
import { openChannelFeed } from '../realtime/channelFeed';
import { channelFor } from '../realtime/outbox';
import type { Principal } from '../tenancy/principal';
import { withTenant } from '../tenancy/withTenant';
import { auditEventsAfter, latestAuditSeq, type AuditFilters } from './query';
import type { AuditEvent } from './types';

const READ_PAGE = 200;

export type LiveAuditOptions = {
  orgId: string;
  actor: Principal;
  filters: AuditFilters;
  lastEventId: number | null;
  signal?: AbortSignal;
  bus?: Bus;
};

export async function* liveAudit(options: LiveAuditOptions): AsyncGenerator<TrackedEnvelope<AuditEvent>> {
  const { orgId, actor, filters, signal } = options;
  const feed = await openChannelFeed(options.bus ?? getBus(), channelFor(orgId, 'audit'), { signal });
  try {
    let cursor = options.lastEventId ?? (await withTenant(orgId, actor, (tx) => latestAuditSeq(tx)));

    async function* fromDatabase() {
      for (;;) {
        const events = await withTenant(orgId, actor, (tx) => auditEventsAfter(tx, cursor, filters, READ_PAGE));
        for (const event of events) {
          cursor = Math.max(cursor, event.seq);
          yield tracked(String(event.seq), event);
        }
        if (events.length < READ_PAGE || signal?.aborted) return;
      }
    }

    if (options.lastEventId !== null) yield* fromDatabase();
    for await (const item of feed) {
      if (item.kind === 'message') {
        const seq = (JSON.parse(item.message) as { data?: { seq?: unknown } }).data?.seq;
        // Filtered-out events still move nothing: the read below skips what does not match.
        if (typeof seq === 'number' && seq <= cursor) continue;
      }
      yield* fromDatabase();
    }
  } finally {
    feed.close();
  }
}
