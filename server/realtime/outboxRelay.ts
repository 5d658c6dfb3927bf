/**
 * The outbox relay: publishes committed outbox rows to Redis (`org:<id>:<topic>`) and marks them
 * published. It wakes on the 'outbox' NOTIFY sent by the insert trigger and relays the org it
 * names at once; a poll sweeps every org with pending rows as a fallback. It
 * handles each org inside withTenant as the system actor 'outbox-relay' — never across tenants.
 *
 * Any number of relays (processes, nodes) can run: each org is relayed by one at a time (a
 * transaction advisory lock, skipped when taken), in id order, so subscribers receive an org's
 * activity in the order it was committed (server/realtime/outbox.ts). Publishing and marking happen in one transaction: if Redis refuses, it rolls back and the
 * rows wait for the next try (at-least-once; subscribers de-duplicate by id). While Redis is down
 * the relay does not try at all, and after a failure it backs off, logging once per outage.
 *
 * Rows of the 'jobs' topic are not published: they are handed to `enqueueJobs` (given by the
 * composition root, so this module knows no job and no feature) in the same transaction, then
 * deleted — their payloads may hold one-time links. A relay started without `enqueueJobs` leaves
 * them for one that has it.
 *
 * `onActivityRelayed` (also from the composition root) is handed an org's activity rows inside the
 * same transaction, before they are published: what it writes commits with the rows being marked
 * published, so it happens exactly once per row (webhook messages are made this way). Jobs it
 * records land in the outbox as new rows, which the NOTIFY of this commit makes the next round take.
 */
import { inArray, sql } from 'drizzle-orm';
import pg from 'pg';
import { ADVISORY_LOCKS } from '../../db/advisoryLocks';
import { outbox, users } from '../../db/schema';
import { env } from '../env';
import { logger } from '../logger';
import type { Principal } from '../tenancy/principal';
import { orgsWithPendingOutbox } from '../tenancy/lookups';
import { withTenant, type Tx } from '../tenancy/withTenant';
import { closeRedisClient, connectRedis } from './bus';
import { channelFor, type Topic } from './outbox';
import { toOutboxMessage } from './outboxMessage';

/** A 'jobs' row: `type` names the job, `data` is what recordJob stored. */
export type RecordedJob = { id: number; type: string; data: Record<string, unknown> };

/** Adds an org's recorded jobs to the job queue; throwing leaves them in the outbox for the next try. */
export type EnqueueRecordedJobs = (orgId: string, jobs: readonly RecordedJob[]) => Promise<void>;

/** An activity row the relay is publishing, as committed. */
export type RelayedActivity = {
  id: number;
  type: string;
  actorUserId: string | null;
  data: Record<string, unknown>;
  createdAt: Date;
};

/** Runs in the relay's transaction for an org's activity rows; throwing rolls the round back (retried). */
export type ActivityRelayedHook = (tx: Tx, orgId: string, rows: readonly RelayedActivity[]) => Promise<unknown>;

export type OutboxRelayOptions = {
  redisUrl?: string;
  pollIntervalMs?: number;
  enqueueJobs?: EnqueueRecordedJobs;
  onActivityRelayed?: ActivityRelayedHook;
};

/** Told, after the commit, which topics of an org a relay has just published (e.g. to start a job). */
export type PublishedListener = (orgId: string, topics: ReadonlySet<Topic>) => void;
const publishedListeners = new Set<PublishedListener>();

/** Registers a process-wide listener for every relay in this process; returns its removal. */
export function onOutboxPublished(listener: PublishedListener): () => void {
  publishedListeners.add(listener);
  return () => publishedListeners.delete(listener);
}

function announcePublished(orgId: string, topics: ReadonlySet<Topic>): void {
  for (const listener of publishedListeners) {
    try {
      listener(orgId, topics);
    } catch (error) {
      log.error({ err: error, orgId }, 'outbox published listener failed');
    }
  }
}

type ClaimedRow = {
  id: string | number;
  topic: string;
  type: string;
  actor_user_id: string | null;
  actor_name: string | null;
  data: Record<string, unknown>;
  created_at: Date | string;
};

const RELAY_PRINCIPAL: Principal = { type: 'system', name: 'outbox-relay' };
const BATCH = 500;
const ORGS_PER_ROUND = 100;
const RELAY_ORG_LOCK = ADVISORY_LOCKS.outboxRelayOrg;
const ORG_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAX_BACKOFF_MS = 30_000;
const log = logger.child({ component: 'outbox-relay' });

export function startOutboxRelay(options: OutboxRelayOptions = {}): { close(): Promise<void> } {
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const { enqueueJobs, onActivityRelayed } = options;
  const claimedTopics = enqueueJobs ? sql`` : sql` and o.topic <> 'jobs'`;
  // No offline queue: a publish while disconnected fails at once instead of holding row locks.
  const redis = connectRedis(options.redisUrl, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 5_000,
  });
  let isClosed = false;
  let running: Promise<void> | null = null;
  let isWakeRequested = false;
  let failures = 0;
  let retryAt = 0;
  let isRedisLost = false;

  async function relayOrg(orgId: string): Promise<number> {
    const topics = new Set<Topic>();
    const count = await withTenant(orgId, RELAY_PRINCIPAL, async (tx) => {
      // One relay per org at a time (a try-lock, evaluated once, in the same round trip as the
      // claim), so the org's rows reach Redis in id order (= commit order for activity,
      // server/realtime/outbox.ts). Another relay holding the org publishes these rows too.
      const claimed = await tx.execute<ClaimedRow>(sql`
        with relay as (select pg_try_advisory_xact_lock(${RELAY_ORG_LOCK}::int, hashtext(${orgId}::text)) as held)
        select o.id, o.topic, o.type, o.actor_user_id, u.name as actor_name, o.data, o.created_at
          from relay, ${outbox} o
          left join ${users} u on u.id = o.actor_user_id
         where relay.held and o.published_at is null${claimedTopics}
         order by o.id
         limit ${BATCH}
           for update of o skip locked`);
      const rows = claimed.rows.map((row) => ({
        id: Number(row.id),
        topic: row.topic,
        type: row.type,
        actorUserId: row.actor_user_id,
        actorName: row.actor_name,
        data: row.data,
        createdAt: new Date(row.created_at),
      }));
      if (rows.length === 0) return 0;
      const live = rows.filter((row) => row.topic !== 'jobs');
      const jobs = rows.filter((row) => row.topic === 'jobs');

      const activity = live.filter((row) => row.topic === 'activity');
      if (activity.length > 0 && onActivityRelayed) {
        await onActivityRelayed(
          tx,
          orgId,
          activity.map(({ id, type, actorUserId, data, createdAt }) => ({ id, type, actorUserId, data, createdAt })),
        );
      }
      if (live.length > 0) {
        const pipeline = redis.pipeline();
        for (const row of live) {
          // Topics are typed at the writer (recordEvent); the row holds one of them.
          pipeline.publish(channelFor(orgId, row.topic as Topic), JSON.stringify(toOutboxMessage(row)));
          topics.add(row.topic as Topic);
        }
        const results = await pipeline.exec();
        const failed = results?.find(([error]) => error);
        if (!results || failed) throw failed?.[0] ?? new Error('redis pipeline was not executed');
        await tx
          .update(outbox)
          .set({ publishedAt: sql`now()` })
          .where(
            inArray(
              outbox.id,
              live.map((row) => row.id),
            ),
          );
      }
      if (jobs.length > 0 && enqueueJobs) {
        await enqueueJobs(
          orgId,
          jobs.map(({ id, type, data }) => ({ id, type, data })),
        );
        topics.add('jobs');
        await tx.delete(outbox).where(
          inArray(
            outbox.id,
            jobs.map((row) => row.id),
          ),
        );
      }
      return rows.length;
    });
    if (count > 0) announcePublished(orgId, topics);
    return count;
  }

  /** Orgs named by NOTIFY since the last drain: relayed at once, without asking which orgs have rows. */
  const notifiedOrgs = new Set<string>();
  /** Whether the next drain also asks the database for every org with pending rows (poll, start, after a failure). */
  let isSweepDue = true;

  async function relayNotified(): Promise<void> {
    while (notifiedOrgs.size > 0) {
      const orgIds = [...notifiedOrgs];
      notifiedOrgs.clear();
      for (const orgId of orgIds) {
        if (isClosed) return;
        // A full batch may leave more behind: relay the org again.
        if ((await relayOrg(orgId)) === BATCH) notifiedOrgs.add(orgId);
      }
    }
  }

  async function sweep(): Promise<void> {
    for (;;) {
      const orgIds = await orgsWithPendingOutbox(ORGS_PER_ROUND);
      let published = 0;
      let isBatchFull = false;
      for (const orgId of orgIds) {
        if (isClosed) return;
        const count = await relayOrg(orgId);
        published += count;
        if (count === BATCH) isBatchFull = true;
      }
      const isMorePending = isBatchFull || (orgIds.length === ORGS_PER_ROUND && published > 0);
      if (!isMorePending || isClosed) return;
    }
  }

  async function drain(): Promise<void> {
    if (Date.now() < retryAt || redis.status !== 'ready') return;
    try {
      await relayNotified();
      if (isSweepDue && !isClosed) {
        isSweepDue = false;
        await sweep();
      }
      if (failures > 0) log.info({ failures }, 'outbox relay recovered');
      failures = 0;
    } catch (error) {
      // Orgs notified but not relayed are found by the next sweep.
      isSweepDue = true;
      failures += 1;
      retryAt = Date.now() + Math.min(MAX_BACKOFF_MS, 500 * 2 ** (failures - 1));
      if (failures === 1) log.warn({ err: error }, 'outbox relay failed; events stay in the outbox and are retried');
      else log.debug({ err: error, failures }, 'outbox relay still failing');
    }
  }

  function wake(): void {
    if (isClosed) return;
    if (running) {
      isWakeRequested = true;
      return;
    }
    running = drain().finally(() => {
      running = null;
      if (isWakeRequested) {
        isWakeRequested = false;
        wake();
      }
    });
  }

  /** The insert trigger's NOTIFY carries the row's org id. */
  function onNotification(message: pg.Notification): void {
    if (message.payload && ORG_ID.test(message.payload)) notifiedOrgs.add(message.payload);
    else isSweepDue = true;
    wake();
  }

  function sweepSoon(): void {
    isSweepDue = true;
    wake();
  }

  redis.on('ready', () => {
    if (isRedisLost) log.info('outbox relay: redis is back');
    isRedisLost = false;
    retryAt = 0;
    sweepSoon();
  });
  redis.on('close', () => {
    if (!isRedisLost && !isClosed) log.warn('outbox relay: redis unavailable; events wait in the outbox');
    isRedisLost = true;
  });

  // A dedicated connection, because LISTEN does not survive being returned to a pool.
  let listener: pg.Client | null = null;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let listenFailures = 0;

  function scheduleListen(): void {
    if (isClosed) return;
    listenFailures += 1;
    reconnectTimer = setTimeout(() => void listen(), Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(listenFailures, 6)));
  }

  async function listen(): Promise<void> {
    const client = new pg.Client({ connectionString: env.appDatabaseUrl, application_name: 'atrium-outbox-relay' });
    let isLost = false;
    const lost = (error?: Error) => {
      if (isLost) return;
      isLost = true;
      if (listener === client) listener = null;
      if (isClosed) return;
      if (listenFailures === 0)
        log.warn({ err: error?.message }, 'outbox LISTEN connection lost; polling until it is back');
      client.end().catch(() => undefined);
      scheduleListen();
    };
    client.on('notification', onNotification);
    client.on('error', lost);
    client.on('end', () => lost());
    try {
      await client.connect();
      await client.query('LISTEN outbox');
    } catch (error) {
      lost(error as Error);
      return;
    }
    if (isClosed) {
      await client.end().catch(() => undefined);
      return;
    }
    listener = client;
    listenFailures = 0;
    // Notifications sent while it was not listening are lost: look for every pending org.
    sweepSoon();
  }

  void listen();
  const poll = setInterval(sweepSoon, pollIntervalMs);

  return {
    async close() {
      isClosed = true;
      clearInterval(poll);
      clearTimeout(reconnectTimer);
      const client = listener;
      listener = null;
      await client?.end().catch(() => undefined);
      await running;
      await closeRedisClient(redis);
    },
  };
}
