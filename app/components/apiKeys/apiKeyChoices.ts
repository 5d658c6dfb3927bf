/**
 * What the API keys page and its action agree on: the form intents, the shape of an action's
 * answer, and the rotation grace choices. Browser-safe: no server runtime.
 */
export const API_KEY_INTENTS = ['create', 'rotate', 'revoke', 'delete'] as const;
export type ApiKeyIntent = (typeof API_KEY_INTENTS)[number];

export type ApiKeyActionResult = {
  ok: boolean;
  intent: ApiKeyIntent | null;
  /** The key the action was about (rotate, revoke, delete), so its row shows the outcome. */
  keyId: string | null;
  message: string;
  token: { keyName: string; value: string } | null;
  fieldErrors: Record<string, string[] | undefined>;
  /** Delete was refused until the key's name is typed. */
  needsConfirmName: boolean;
};

/** Grace choices offered on rotate, in hours (the server allows 0 to 7 days). */
export const GRACE_CHOICES = [
  { hours: 0, label: 'Stop the old token now' },
  { hours: 1, label: 'Keep the old token working for 1 hour' },
  { hours: 24, label: 'Keep the old token working for 1 day' },
  { hours: 168, label: 'Keep the old token working for 7 days' },
] as const;
