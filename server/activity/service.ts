/**
 * Reading the activity feed: the org's outbox rows on topic 'activity', joined to the actor's
 * name. Every function runs in the caller's tenant transaction; RLS limits rows to that org (and
 * users to people who share it), so nothing here filters by org itself. What the reader may see
 * of the org's events (eventPermissions.ts) is a WHERE on the event type, never a filter after
 * loading, so a page is always full and a hidden event never leaves the database.
 */
import { and, asc, desc, eq, gt, inArray, lt, max, sql, type SQL } from 'drizzle-orm';
import { outbox, users } from '../../db/schema';
import type { Tx } from '../tenancy/withTenant';
import { resourcesOfCategories, type ActivityCategoryKey } from '../shared/activityCategories';
import { readableActivityFilter, type ActivityReader } from './eventPermissions';
import type { ActivityEvent } from '../shared/activityEvent';
import { toActivityEvent } from './types';

const TOPIC = 'activity';

function selectActivity(tx: Tx, reader: ActivityReader, where: SQL | undefined) {
  return tx
    .select({
      id: outbox.id,
      type: outbox.type,
      actorUserId: outbox.actorUserId,
      actorName: users.name,
      data: outbox.data,
      createdAt: outbox.createdAt,
    })
    .from(outbox)
    .leftJoin(users, eq(users.id, outbox.actorUserId))
    .where(and(eq(outbox.topic, TOPIC), readableActivityFilter(reader), where));
}

export type ActivityPage = {
  items: ActivityEvent[];
  nextCursor: number | null;
  /**
   * On a filtered first page: the newest event id of the whole feed when the page was read. A live
   * subscription resumes after it; the newest *listed* id can be far older under a narrow filter
   * (0 when nothing matches), and resuming there would replay the org's history to the browser.
   */
  headId?: number;
};

/** What a person narrowed the feed to; each filter given must match (no categories: all). */
export type ActivityFilters = { categories?: readonly ActivityCategoryKey[]; actorUserId?: string };

/**
 * The filters as a WHERE, next to (never instead of) the reader's own: asking for a category the
 * reader may not see matches no row, so it returns nothing rather than revealing anything.
 */
function activityFilter(filters: ActivityFilters): SQL | undefined {
  const resources = resourcesOfCategories(filters.categories ?? []);
  return and(
    resources.length === 0 ? undefined : inArray(sql`split_part(${outbox.type}, '.', 1)`, resources),
    filters.actorUserId === undefined ? undefined : eq(outbox.actorUserId, filters.actorUserId),
  );
}

/** Newest first; `cursor` is the last id of the previous page (keyset pagination on id). */
export async function listActivity(
  tx: Tx,
  reader: ActivityReader,
  input: ActivityFilters & { cursor?: number; limit: number },
): Promise<ActivityPage> {
  const after = input.cursor === undefined ? undefined : lt(outbox.id, input.cursor);
  const filter = activityFilter(input);
  // Read before the page: ids follow commit order, so every event up to the head is committed
  // and in the page's snapshot; whatever commits later has a larger id and comes live.
  const headId = input.cursor === undefined && filter !== undefined ? await latestActivityId(tx) : undefined;
  const rows = await selectActivity(tx, reader, and(after, filter))
    .orderBy(desc(outbox.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const hasMore = rows.length > input.limit;
  const nextCursor = hasMore ? (page.at(-1)?.id ?? null) : null;
  return { items: page.map(toActivityEvent), nextCursor, ...(headId === undefined ? {} : { headId }) };
}

/** Oldest first, strictly after `afterId`: what a resuming subscriber has not seen yet. */
export async function activityAfter(
  tx: Tx,
  reader: ActivityReader,
  afterId: number,
  limit: number,
): Promise<ActivityEvent[]> {
  const rows = await selectActivity(tx, reader, gt(outbox.id, afterId)).orderBy(asc(outbox.id)).limit(limit);
  return rows.map(toActivityEvent);
}

/** The newest event id, or 0 when the feed is empty. */
export async function latestActivityId(tx: Tx): Promise<number> {
  const [row] = await tx
    .select({ id: max(outbox.id) })
    .from(outbox)
    .where(eq(outbox.topic, TOPIC));
  return row?.id ?? 0;
}
