/**
 * One process's side of presence: per org it serves, one Redis subscription to
 * `org:<id>:presence`, one heartbeat timer for all of the org's local tabs, and one debounced
 * re-read of the online list, handed to every local subscriber only when it changed. So a burst
 * of joins costs each process one read per org, not one per subscriber.
 *
 * It never decides who may see what: callers attach with an org id resolved from a checked
 * membership (server/presence/router.ts), and the channel is per org.
 */
import { logger } from '../logger';
import { getBus, type Bus, type Unsubscribe } from '../realtime/bus';
import { createPresenceStore, presenceChannel, type PresenceOptions, type PresenceStore } from './store';
import { onlineFingerprint, toOnlineMembers, type OnlineMember, type PresenceEntryInput } from './snapshot';

export type PresenceListener = (online: OnlineMember[]) => void;

export type PresenceAttachment = {
  /** The org's online list right after this tab was registered. */
  initial: OnlineMember[];
  /** Unregisters the tab (announcing it) and stops its listener. Safe to call twice. */
  detach(): Promise<void>;
};

export type PresenceHub = {
  attach(orgId: string, entry: PresenceEntryInput, listener: PresenceListener): Promise<PresenceAttachment>;
  readonly store: PresenceStore;
  close(): Promise<void>;
};

type LocalTab = { entry: PresenceEntryInput; listener: PresenceListener };

type OrgState = {
  orgId: string;
  tabs: Map<string, LocalTab>;
  ready: Promise<Unsubscribe>;
  heartbeat: NodeJS.Timeout;
  refreshTimer: NodeJS.Timeout | null;
  refreshing: Promise<void> | null;
  isRefreshWanted: boolean;
  fingerprint: string | null;
};

const log = logger.child({ component: 'presence' });

export type PresenceHubOptions = Partial<PresenceOptions> & { store?: PresenceStore; bus?: Bus };

export function createPresenceHub(options: PresenceHubOptions = {}): PresenceHub {
  const { store: givenStore, bus: givenBus, ...rest } = options;
  const store = givenStore ?? createPresenceStore(rest);
  const settings = store.options;
  const bus = () => givenBus ?? getBus();
  const orgs = new Map<string, OrgState>();
  let stopReconnect: Unsubscribe | null = null;

  const announce = (orgId: string) =>
    store.announce(orgId).catch((error: unknown) => log.debug({ err: error, orgId }, 'presence announce failed'));

  async function refresh(state: OrgState): Promise<void> {
    const { entries } = await store.list(state.orgId);
    const online = toOnlineMembers(entries);
    const fingerprint = onlineFingerprint(online);
    if (fingerprint === state.fingerprint) return;
    state.fingerprint = fingerprint;
    for (const tab of state.tabs.values()) tab.listener(online);
  }

  /** Re-reads after `debounceMs`, one read at a time; notices during a read cause one more. */
  function scheduleRefresh(state: OrgState): void {
    if (state.refreshTimer || orgs.get(state.orgId) !== state) return;
    if (state.refreshing) {
      state.isRefreshWanted = true;
      return;
    }
    state.refreshTimer = setTimeout(() => {
      state.refreshTimer = null;
      state.refreshing = refresh(state)
        .catch((error: unknown) => log.debug({ err: error, orgId: state.orgId }, 'presence refresh failed'))
        .finally(() => {
          state.refreshing = null;
          if (state.isRefreshWanted) {
            state.isRefreshWanted = false;
            scheduleRefresh(state);
          }
        });
    }, settings.debounceMs);
  }

  /** Extends every local tab; re-adds one that was lost (swept, Redis restarted) or was over the cap. */
  async function beat(state: OrgState): Promise<void> {
    let isChanged = false;
    await Promise.all(
      [...state.tabs.values()].map(async ({ entry }) => {
        try {
          const { status, swept } = await store.put(state.orgId, entry, 'heartbeat');
          if (status === 'added' || swept > 0) isChanged = true;
        } catch (error) {
          log.debug({ err: error, orgId: state.orgId }, 'presence heartbeat failed');
        }
      }),
    );
    if (isChanged) await announce(state.orgId);
  }

  function stateFor(orgId: string): OrgState {
    const existing = orgs.get(orgId);
    if (existing) return existing;
    stopReconnect ??= bus().onReconnect(() => {
      // Messages may have been lost while disconnected, and Redis may have lost our entries.
      for (const state of orgs.values()) void beat(state).then(() => scheduleRefresh(state));
    });
    const state: OrgState = {
      orgId,
      tabs: new Map(),
      ready: Promise.resolve(() => undefined),
      heartbeat: setInterval(() => void beat(state), settings.heartbeatMs),
      refreshTimer: null,
      refreshing: null,
      isRefreshWanted: false,
      fingerprint: null,
    };
    state.ready = bus().subscribe(presenceChannel(orgId), () => scheduleRefresh(state));
    // A failed subscribe is reported to the attach that awaits it; never an unhandled rejection.
    state.ready.catch(() => undefined);
    orgs.set(orgId, state);
    return state;
  }

  function release(state: OrgState): void {
    if (state.tabs.size > 0 || orgs.get(state.orgId) !== state) return;
    orgs.delete(state.orgId);
    clearInterval(state.heartbeat);
    if (state.refreshTimer) clearTimeout(state.refreshTimer);
    state.ready.then((unsubscribe) => unsubscribe()).catch(() => undefined);
  }

  return {
    store,

    async attach(orgId, entry, listener) {
      const state = stateFor(orgId);
      state.tabs.set(entry.conn, { entry, listener });
      let isAttached = true;
      const detach = async () => {
        if (!isAttached) return;
        isAttached = false;
        if (state.tabs.get(entry.conn)?.entry === entry) state.tabs.delete(entry.conn);
        release(state);
        try {
          if (await store.remove(orgId, entry)) await announce(orgId);
        } catch (error) {
          // The entry expires by its TTL.
          log.debug({ err: error, orgId }, 'presence removal failed');
        }
      };
      try {
        await state.ready;
        const { status, swept } = await store.put(orgId, entry, 'put');
        if (status === 'added' || status === 'updated' || swept > 0) await announce(orgId);
        const { entries } = await store.list(orgId);
        return { initial: toOnlineMembers(entries), detach };
      } catch (error) {
        await detach();
        throw error;
      }
    },

    async close() {
      stopReconnect?.();
      stopReconnect = null;
      const states = [...orgs.values()];
      for (const state of states) {
        const tabs = [...state.tabs.values()];
        state.tabs.clear();
        release(state);
        await Promise.all(tabs.map(({ entry }) => store.remove(state.orgId, entry).catch(() => false)));
        if (tabs.length > 0) await announce(state.orgId);
      }
    },
  };
}

let processHub: PresenceHub | undefined;
let processOptions: Partial<PresenceOptions> = {};

/** Sets the process hub's timings before its first use (tests shorten the TTL this way). */
export function configurePresence(options: Partial<PresenceOptions>): void {
  if (processHub) throw new Error('configurePresence must run before presence is first used');
  processOptions = { ...options };
}

/** The process-wide hub on REDIS_URL and the process bus. */
export function getPresenceHub(): PresenceHub {
  processHub ??= createPresenceHub(processOptions);
  return processHub;
}

export async function closePresenceHub(): Promise<void> {
  const hub = processHub;
  processHub = undefined;
  processOptions = {};
  await hub?.close();
}
