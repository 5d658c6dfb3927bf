/**
 * The live unread count of one member: the count now, then again whenever a
 * 'notifications.changed' event names them (fan-out, or their own mark-read in another tab), after
 * a bus reconnect, or after falling behind — each a fresh count from the database, yielded only
 * when it differs. A count is state, not a stream of events, so a reconnecting client needs no
 * event id: it receives the current count first.
 */
import { getBus, type Bus } from '../realtime/bus';
import { openChannelFeed } from '../realtime/channelFeed';
import { channelFor } from '../realtime/outbox';
import type { Principal } from '../tenancy/principal';
import { withTenant } from '../tenancy/withTenant';
import { unreadCount } from './service';

export type LiveUnreadOptions = { orgId: string; userId: string; actor: Principal; signal?: AbortSignal; bus?: Bus };

function namesUser(message: string, userId: string): boolean {
  const event = JSON.parse(message) as { data?: { userIds?: unknown } };
  const ids = event.data?.userIds;
  return Array.isArray(ids) && ids.includes(userId);
}

export async function* liveUnreadCount(options: LiveUnreadOptions): AsyncGenerator<{ unread: number }> {
  const { orgId, userId, actor, signal } = options;
  const feed = await openChannelFeed(options.bus ?? getBus(), channelFor(orgId, 'notifications'), {
    signal,
    maxBuffered: 100,
    onOverflow: 'resync',
  });
  try {
    const read = () => withTenant(orgId, actor, (tx) => unreadCount(tx, { orgId, userId }));
    let last = await read();
    yield { unread: last };
    for await (const item of feed) {
      if (item.kind === 'message' && !namesUser(item.message, userId)) continue;
      const next = await read();
      if (next === last) continue;
      last = next;
      yield { unread: next };
    }
  } finally {
    feed.close();
  }
}
