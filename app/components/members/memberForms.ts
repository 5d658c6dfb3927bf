/** What the member page's forms post, shared by the page (client) and its server half. */
export const LIFECYCLE_INTENTS = ['deactivate', 'reactivate', 'remove', 'transfer'] as const;
export type LifecycleIntent = (typeof LIFECYCLE_INTENTS)[number];

export function isLifecycleIntent(value: unknown): value is LifecycleIntent {
  return typeof value === 'string' && (LIFECYCLE_INTENTS as readonly string[]).includes(value);
}

export type ProfileDraft = { department: string; region: string; title: string; managerMembershipId: string };
