/** How many pending events the audit push status counts exactly before it says "more than". */
export const BACKLOG_LIMIT = 10_000;
