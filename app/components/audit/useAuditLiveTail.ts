/**
 * The live tail: while on, audit.live streams events newer than the newest one on the page
 * (with the page's filters) over the WebSocket; the tRPC link resumes from the last seq after a
 * reconnect. Events arrive newest last and are shown newest first.
 */
import { useState } from 'react';
import type { AuditFilters } from '../../../server/audit/query';
import type { AuditEvent } from '../../../server/audit/types';
import type { LiveState } from '~/components/activity/LiveBadge';
import { trpc } from '~/lib/trpc';

export function useAuditLiveTail(orgSlug: string, filters: AuditFilters, since: number, enabled: boolean) {
  const [events, setEvents] = useState<AuditEvent[]>([]);
  const subscription = trpc.audit.live.useSubscription(
    { orgSlug, filters, lastEventId: String(since) },
    {
      enabled,
      onData: (envelope) =>
        setEvents((seen) => (seen.some((e) => e.seq === envelope.data.seq) ? seen : [envelope.data, ...seen])),
    },
  );
  let state: LiveState = 'connecting';
  if (subscription.status === 'pending') state = 'live';
  else if (subscription.status === 'error') state = 'unavailable';
  return { events: enabled ? events : [], state };
}
