/**
 * Counting the requests made with each API key (docs/decisions/024-api-keys.md). A transport calls
 * `recordApiKeyRequest` after answering a request authenticated by a key: it only adds to an
 * in-process buffer (./usageBuffer.ts), never awaits the database and never throws — counting
 * must not slow or fail the request it counts. At most every FLUSH_INTERVAL_MS, and on shutdown
 * (`closeApiKeyUsage`), the buffer is added to api_key_usage: one tenant transaction and one
 * statement per org, and the same counts as `api_call` usage events (server/usage/ingest.ts: one
 * event per key and hour flushed, dimension the key) in that transaction. Counts a flush could not write stay for the next one; past
 * MAX_BUFFERED_ENTRIES (the database unreachable for long) new entries are dropped and logged.
 */
import { sql } from 'drizzle-orm';
import { logger } from '../logger';
import { withTenant, type Tx } from '../tenancy/withTenant';
import { ingestUsageEvents } from '../usage/ingest';
import { UsageBuffer, hourOf, outcomeOf, type UsageRow } from './usageBuffer';

export const FLUSH_INTERVAL_MS = 5_000;
/** Distinct (org, key, hour) entries held at most: a few MB, hours of a busy install's traffic. */
export const MAX_BUFFERED_ENTRIES = 50_000;

const FLUSH_PRINCIPAL = { type: 'system', name: 'apiKeyUsage' } as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const buffer = new UsageBuffer(MAX_BUFFERED_ENTRIES);
let timer: NodeJS.Timeout | null = null;
let closed = false;
/** Flushes run one after another: a flush asked for during one runs after it, with what came since. */
let flushes: Promise<void> = Promise.resolve();

export type ApiKeyRequest = { orgId: string; keyId: string; status: number };

/** Counts one answered request made with a key. Synchronous; never throws. */
export function recordApiKeyRequest({ orgId, keyId, status }: ApiKeyRequest): void {
  try {
    // A bad id would make its org's every flush fail and its counts come back forever.
    if (!UUID.test(orgId) || !UUID.test(keyId) || !Number.isInteger(status)) {
      logger.warn({ orgId, keyId, status }, 'API key request not counted: bad org, key or status');
      return;
    }
    buffer.record(orgId.toLowerCase(), keyId.toLowerCase(), hourOf(Date.now()), outcomeOf(status));
    scheduleFlush();
  } catch (error) {
    try {
      logger.error({ err: error }, 'API key request not counted');
    } catch {
      // Counting must never fail a request, not even through its logger.
    }
  }
}

function scheduleFlush(): void {
  if (timer || closed) return;
  timer = setTimeout(() => {
    timer = null;
    void flushApiKeyUsage();
  }, FLUSH_INTERVAL_MS);
  // Pending counts never keep the process alive: shutdown flushes them (closeApiKeyUsage).
  timer.unref();
}

/** Writes what the buffer holds now (after any flush in progress). Never rejects. */
export function flushApiKeyUsage(): Promise<void> {
  flushes = flushes.then(writeBuffered);
  return flushes;
}

/** The shutdown hook: no more timed flushes, then one last flush. */
export async function closeApiKeyUsage(): Promise<void> {
  closed = true;
  if (timer) clearTimeout(timer);
  timer = null;
  await flushApiKeyUsage();
}

async function writeBuffered(): Promise<void> {
  if (timer) clearTimeout(timer);
  timer = null;
  const taken = buffer.take();
  for (const [orgId, rows] of taken) {
    try {
      await withTenant(orgId, FLUSH_PRINCIPAL, async (tx) => {
        await addUsage(tx, orgId, rows);
        await meterApiCalls(tx, orgId, rows);
      });
    } catch (error) {
      buffer.restore(orgId, rows);
      logger.warn({ err: error, orgId, entries: rows.length }, 'API key usage not written; kept for the next flush');
    }
  }
  const dropped = buffer.takeDropped();
  if (dropped > 0) {
    logger.error({ dropped, maxEntries: MAX_BUFFERED_ENTRIES }, 'API key usage buffer full: requests not counted');
  }
  if (buffer.size > 0) scheduleFlush();
}

/**
 * Adds one org's counts in one statement. Rows of keys deleted since (the join finds no key) are
 * skipped: they would fail the foreign key and with it the org's whole flush, again and again.
 * Sorted, so concurrent flushes from several app nodes lock rows in the same order.
 */
async function addUsage(tx: Tx, orgId: string, rows: UsageRow[]): Promise<void> {
  const records = rows.map((row) => ({
    key_id: row.keyId,
    hour: row.hour,
    ok: row.ok,
    client_errors: row.clientErrors,
    server_errors: row.serverErrors,
    limited: row.limited,
  }));
  await tx.execute(sql`
    insert into api_key_usage (org_id, key_id, hour, ok, client_errors, server_errors, limited)
    select k.org_id, k.id, r.hour, r.ok, r.client_errors, r.server_errors, r.limited
      from jsonb_to_recordset(${JSON.stringify(records)}::jsonb)
           as r(key_id uuid, hour timestamptz, ok integer, client_errors integer, server_errors integer, limited integer)
      join api_keys k on k.org_id = ${orgId}::uuid and k.id = r.key_id
     order by k.id, r.hour
    on conflict (org_id, key_id, hour) do update set
      ok = api_key_usage.ok + excluded.ok,
      client_errors = api_key_usage.client_errors + excluded.client_errors,
      server_errors = api_key_usage.server_errors + excluded.server_errors,
      limited = api_key_usage.limited + excluded.limited`);
}

/** The flushed counts as metered usage: every answered request made with a key is an API call. */
async function meterApiCalls(tx: Tx, orgId: string, rows: UsageRow[]): Promise<void> {
  const events = rows.map((row) => ({
    metric: 'api_call',
    dimension: row.keyId,
    value: row.ok + row.clientErrors + row.serverErrors + row.limited,
    occurredAt: row.hour,
  }));
  const { refused } = await ingestUsageEvents(tx, orgId, events, { source: 'product' });
  if (refused.length > 0) logger.warn({ orgId, refused: refused.slice(0, 5) }, 'API calls not metered');
}
