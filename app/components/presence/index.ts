/** Presence in the UI: the provider the org layout mounts, the hook, and the components built on it. */
export { PresenceProvider, useOrgPresence, type OnlineMember, type OrgPresence } from './PresenceProvider';
export { OnlineIndicator } from './OnlineIndicator';
export { PresenceBar, usePresenceDeclaration, usePresenceMode } from './PresenceBar';
export { OnlineNow } from './OnlineNow';
