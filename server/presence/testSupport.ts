/**
 * What the presence integration tests share: a presence.here subscriber on any WebSocket URL
 * (one node or another), carrying a session cookie the way a browser does, that records every
 * list it receives. Only imported by tests.
 */
import { createTRPCClient, createWSClient, wsLink, type TRPCClientErrorLike } from '@trpc/client';
import superjson from 'superjson';
import WebSocket from 'ws';
import type { AppRouter } from '../trpc/router';
import type { OnlineMember } from './snapshot';
import type { PresenceHereInput } from './router';
import type { PresenceUpdate } from './live';

export type PresenceWatcher = {
  updates: PresenceUpdate[];
  errors: TRPCClientErrorLike<AppRouter>[];
  /** The newest list received (empty before the first). */
  latest(): OnlineMember[];
  isOnline(membershipId: string): boolean;
  pageOf(membershipId: string): string | null;
  /** Ends the subscription (as leaving the page does), keeping the socket. */
  stop(): void;
  /** Subscribes again with new input on the same socket (a page change); the tab id carries over. */
  resubscribe(input: Omit<PresenceHereInput, 'orgSlug'>): void;
  /** Closes the socket. */
  close(): Promise<void>;
};

export function watchPresence(url: string, cookie: string, input: PresenceHereInput): PresenceWatcher {
  class CookieWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { headers: { cookie } });
    }
  }
  const wsClient = createWSClient({ url, WebSocket: CookieWebSocket as unknown as typeof globalThis.WebSocket });
  const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient, transformer: superjson })] });
  const updates: PresenceUpdate[] = [];
  const errors: TRPCClientErrorLike<AppRouter>[] = [];
  const subscribe = (next: PresenceHereInput, onFirst?: () => void) =>
    client.presence.here.subscribe(next, {
      onData: (update) => {
        updates.push(update);
        onFirst?.();
        onFirst = undefined;
      },
      onError: (error) => errors.push(error),
    });
  let seq = input.seq ?? 0;
  let subscription = subscribe({ ...input, seq });
  const latest = () => updates.at(-1)?.online ?? [];
  return {
    updates,
    errors,
    latest,
    isOnline: (membershipId) => latest().some((member) => member.membershipId === membershipId),
    pageOf: (membershipId) => latest().find((member) => member.membershipId === membershipId)?.places[0]?.page ?? null,
    stop: () => subscription.unsubscribe(),
    resubscribe(next) {
      // Make before break, as the app's provider does: the old subscription ends once the new one
      // has taken the tab over, so the tab is never off the list in between.
      const previous = subscription;
      seq += 1;
      subscription = subscribe({ orgSlug: input.orgSlug, tabId: input.tabId, seq, ...next }, () =>
        previous.unsubscribe(),
      );
    },
    async close() {
      subscription.unsubscribe();
      await wsClient.close();
    },
  };
}
