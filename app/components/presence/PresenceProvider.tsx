/**
 * Who is online in this org, for every component under the org layout. One presence.here
 * subscription per tab, over the WebSocket: it registers this tab on the current route path (and
 * on the resource a <PresenceBar> on the page names, viewing or editing) and receives the org's
 * online list whenever it changes.
 *
 * A page change or viewing → editing re-subscribes with the new input and the same tab id, make
 * before break: the old subscription ends only once the new one has taken the tab over, so the
 * others never see this tab drop off in between. Renders nothing itself; without JavaScript no
 * subscription exists and the hooks report nobody online.
 */
import { useLocation } from '@remix-run/react';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { OnlineMember, PresenceMode } from '../../../server/presence/snapshot';
import { trpc } from '~/lib/trpc';
import { newTabId } from './tabId';

export type { OnlineMember, PresenceMode };

/** What this tab says it is doing on the page (set by a <PresenceBar>). */
export type PresenceActivity = { resource: string; mode: PresenceMode };

type PresenceState = {
  online: OnlineMember[];
  /** The caller's own membership (from the server), null until the first list. */
  you: string | null;
  /** True once a list has arrived; false without JavaScript, before connecting, or when refused. */
  isLive: boolean;
};

type PresenceContextValue = PresenceState & {
  /** Declares what this tab is doing; returns the function that withdraws it. */
  declare(id: string, activity: PresenceActivity): () => void;
};

const NOBODY: PresenceState = { online: [], you: null, isLive: false };
const PresenceContext = createContext<PresenceContextValue | null>(null);

const MAX_PAGE = 200;
/** After a transient failure (Redis unavailable, a node restarting) the tab tries again this soon. */
const RETRY_MS = 5_000;
/** Refusals that another try would only repeat. */
const FINAL_CODES = new Set(['UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'BAD_REQUEST']);

type Unsubscribable = { unsubscribe(): void };

function usePresenceSubscription(orgSlug: string, page: string, activity: PresenceActivity | null): PresenceState {
  const utils = trpc.useUtils();
  const [tabId] = useState(newTabId);
  const [state, setState] = useState<PresenceState>(NOBODY);
  /** Every subscription of this tab still open → its number; they count up. */
  const subscriptions = useRef(new Map<Unsubscribable, number>());
  const lastSeq = useRef(0);
  const [attempt, setAttempt] = useState(0);
  const retryTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const resource = activity?.resource ?? null;
  const mode = activity?.mode ?? 'viewing';

  useEffect(() => {
    const live = subscriptions.current;
    const seq = ++lastSeq.current;
    let isFirst = true;
    // Only older subscriptions: a newer one may already be on its way and must stay.
    const retireOlder = () => {
      for (const [other, otherSeq] of live) {
        if (otherSeq < seq) {
          other.unsubscribe();
          live.delete(other);
        }
      }
    };
    const subscription: Unsubscribable = utils.client.presence.here.subscribe(
      { orgSlug, tabId, seq, page: page.slice(0, MAX_PAGE), resource, mode },
      {
        onData: (update) => {
          if (isFirst) {
            isFirst = false;
            retireOlder();
          }
          if (!live.has(subscription)) return;
          setState({ online: update.online, you: update.you, isLive: true });
        },
        onError: (error) => {
          live.delete(subscription);
          // Refused (deactivated, signed out) or unavailable: show nobody rather than a stale list.
          if (live.size > 0) return;
          setState(NOBODY);
          if (FINAL_CODES.has(error.data?.code ?? '')) return;
          clearTimeout(retryTimer.current);
          retryTimer.current = setTimeout(() => setAttempt((n) => n + 1), RETRY_MS);
        },
      },
    );
    live.set(subscription, seq);
  }, [utils, orgSlug, tabId, page, resource, mode, attempt]);

  // Leaving the org layout (or the tab) ends every subscription of this tab.
  useEffect(() => {
    const live = subscriptions.current;
    const timer = retryTimer;
    return () => {
      clearTimeout(timer.current);
      for (const subscription of live.keys()) subscription.unsubscribe();
      live.clear();
    };
  }, []);

  return state;
}

export function PresenceProvider({ orgSlug, children }: { orgSlug: string; children: ReactNode }) {
  const { pathname } = useLocation();
  const [declared, setDeclared] = useState<ReadonlyArray<{ id: string } & PresenceActivity>>([]);
  const declare = useCallback((id: string, activity: PresenceActivity) => {
    setDeclared((list) => [...list.filter((item) => item.id !== id), { id, ...activity }]);
    return () => setDeclared((list) => list.filter((item) => item.id !== id));
  }, []);
  // The newest declaration wins (a page normally has one bar).
  const current = declared.at(-1) ?? null;
  const state = usePresenceSubscription(
    orgSlug,
    pathname,
    current ? { resource: current.resource, mode: current.mode } : null,
  );
  const value = useMemo(() => ({ ...state, declare }), [state, declare]);
  return <PresenceContext.Provider value={value}>{children}</PresenceContext.Provider>;
}

const NO_PROVIDER: PresenceContextValue = { ...NOBODY, declare: () => () => undefined };

/** The provider's full state, for the presence components. */
export function usePresenceContext(): PresenceContextValue {
  return useContext(PresenceContext) ?? NO_PROVIDER;
}

export type OrgPresence = {
  online: OnlineMember[];
  isOnline(membershipId: string): boolean;
  /** The page of the member's most recently active tab, or null when they are offline. */
  pageOf(membershipId: string): string | null;
};

/** Who is online in the current org. Outside the org layout (or without JavaScript): nobody. */
export function useOrgPresence(): OrgPresence {
  const { online } = usePresenceContext();
  return useMemo(() => {
    const byId = new Map(online.map((member) => [member.membershipId, member]));
    return {
      online,
      isOnline: (membershipId) => byId.has(membershipId),
      pageOf: (membershipId) => byId.get(membershipId)?.places[0]?.page ?? null,
    };
  }, [online]);
}
