/** The shape of an activity event as the browser receives it (list and live subscription). */
export type ActivityEvent = {
  /** Outbox id: increasing per org; used as the subscription's tracked id (as a string). */
  id: number;
  type: string;
  actor: { userId: string; name: string | null } | null;
  data: Record<string, unknown>;
  createdAt: string;
};
