/**
 * One tab's presence subscription: registers the tab while subscribed (the process hub keeps it
 * alive with heartbeats), yields the org's online list whenever it differs from the last one
 * sent, and removes the tab the moment the subscription ends (unsubscribe, page change, socket
 * closed). Only the newest list is kept while the socket is busy, so a slow client costs one
 * list, never a backlog.
 *
 * A member deactivated while subscribed is cut off: an 'access' event naming them (or everyone)
 * re-resolves their membership, and so does a periodic check, so the list stops and their tab
 * disappears for the others.
 */
import { AppError } from '../errors';
import { getBus, type Bus } from '../realtime/bus';
import { channelFor } from '../realtime/outbox';
import { getPresenceHub, type PresenceHub } from './hub';
import { onlineFingerprint, type OnlineMember, type PresenceEntryInput } from './snapshot';

export type PresenceUpdate = {
  /** The caller's own membership, so a page can leave them out of "also viewing". */
  you: string;
  online: OnlineMember[];
};

export type LivePresenceOptions = {
  orgId: string;
  entry: PresenceEntryInput;
  /** True while the caller's membership is active; asked on access events and periodically. */
  isStillMember: () => Promise<boolean>;
  signal?: AbortSignal;
  hub?: PresenceHub;
  bus?: Bus;
  /** How often membership is re-checked without an access event (default: six heartbeats). */
  recheckMs?: number;
};

/** Whether an 'access' outbox event may concern this membership. */
export function concernsMember(message: string, membershipId: string): boolean {
  try {
    const data = (JSON.parse(message) as { data?: { membershipIds?: unknown; all?: unknown } }).data ?? {};
    if (data.all === true) return true;
    return Array.isArray(data.membershipIds) && data.membershipIds.includes(membershipId);
  } catch {
    return false;
  }
}

export async function* livePresence(options: LivePresenceOptions): AsyncGenerator<PresenceUpdate> {
  const { orgId, entry, signal } = options;
  const hub = options.hub ?? getPresenceHub();
  const bus = options.bus ?? getBus();
  // Written by callbacks, read by the loop (an object, so TypeScript does not narrow it away).
  const box: { pending: OnlineMember[] | null; failure: Error | null; wake: (() => void) | null } = {
    pending: null,
    failure: null,
    wake: null,
  };
  const notify = () => {
    const resolve = box.wake;
    box.wake = null;
    resolve?.();
  };

  let isChecking = false;
  const checkMembership = () => {
    if (isChecking || box.failure) return;
    isChecking = true;
    options
      .isStillMember()
      .then((isMember) => {
        if (!isMember) box.failure = new AppError('MEMBERSHIP_DEACTIVATED');
      })
      // A failed lookup proves nothing; the next event or check asks again.
      .catch(() => undefined)
      .finally(() => {
        isChecking = false;
        notify();
      });
  };

  signal?.addEventListener('abort', notify, { once: true });
  const stopAccess = await bus.subscribe(channelFor(orgId, 'access'), (message) => {
    if (concernsMember(message, entry.membershipId)) checkMembership();
  });
  const recheck = setInterval(checkMembership, options.recheckMs ?? hub.store.options.heartbeatMs * 6);
  let detach: (() => Promise<void>) | null = null;
  try {
    if (signal?.aborted) return;
    const attachment = await hub.attach(orgId, entry, (online) => {
      box.pending = online;
      notify();
    });
    detach = attachment.detach;
    // A newer list from the hub may already be pending; it wins over the initial read.
    box.pending ??= attachment.initial;
    let sent: string | null = null;
    while (!signal?.aborted) {
      if (box.failure) throw box.failure;
      if (box.pending) {
        const online = box.pending;
        box.pending = null;
        const fingerprint = onlineFingerprint(online);
        if (fingerprint !== sent) {
          sent = fingerprint;
          yield { you: entry.membershipId, online };
        }
        continue;
      }
      await new Promise<void>((resolve) => {
        box.wake = resolve;
      });
    }
  } finally {
    clearInterval(recheck);
    signal?.removeEventListener('abort', notify);
    stopAccess();
    await detach?.();
  }
}
