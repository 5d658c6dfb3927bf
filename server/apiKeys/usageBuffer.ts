/**
 * Per-key request counts held in memory between flushes (./usage.ts writes them): one entry per
 * org, key and UTC hour, with the answer's outcome class counted. Bounded: past `maxEntries`
 * distinct entries a request for a new entry is dropped and counted as dropped (a request for an
 * entry already held is always counted). It never touches the database or the clock.
 */

export type UsageCounts = { ok: number; clientErrors: number; serverErrors: number; limited: number };

/** One key's hour, as written to api_key_usage. */
export type UsageRow = UsageCounts & { keyId: string; hour: string };

const HOUR_MS = 3_600_000;

/** The four disjoint classes: 429 is `limited`, not a client error; below 400 is `ok`. */
export function outcomeOf(status: number): keyof UsageCounts {
  if (status === 429) return 'limited';
  if (status >= 500) return 'serverErrors';
  if (status >= 400) return 'clientErrors';
  return 'ok';
}

/** The start of the UTC hour `at` falls in, as an ISO string. */
export function hourOf(at: number): string {
  return new Date(Math.floor(at / HOUR_MS) * HOUR_MS).toISOString();
}

const emptyCounts = (): UsageCounts => ({ ok: 0, clientErrors: 0, serverErrors: 0, limited: 0 });

export class UsageBuffer {
  /** orgId → `${keyId} ${hour}` → counts. */
  private orgs = new Map<string, Map<string, UsageCounts>>();
  private entries = 0;
  private droppedRequests = 0;

  constructor(private readonly maxEntries: number) {}

  get size(): number {
    return this.entries;
  }

  /** Requests refused since the last call, because the buffer was full. */
  takeDropped(): number {
    const dropped = this.droppedRequests;
    this.droppedRequests = 0;
    return dropped;
  }

  record(orgId: string, keyId: string, hour: string, outcome: keyof UsageCounts, requests = 1): boolean {
    const counts = this.entryFor(orgId, `${keyId} ${hour}`);
    if (!counts) {
      this.droppedRequests += requests;
      return false;
    }
    counts[outcome] += requests;
    return true;
  }

  /** Everything held, by org; the buffer is empty afterwards. */
  take(): Map<string, UsageRow[]> {
    const taken = new Map<string, UsageRow[]>();
    for (const [orgId, byEntry] of this.orgs) {
      taken.set(
        orgId,
        [...byEntry].map(([entry, counts]) => {
          const [keyId, hour] = entry.split(' ') as [string, string];
          return { keyId, hour, ...counts };
        }),
      );
    }
    this.orgs = new Map();
    this.entries = 0;
    return taken;
  }

  /** Puts back rows a flush could not write, adding to what arrived meanwhile. */
  restore(orgId: string, rows: UsageRow[]): void {
    for (const row of rows) {
      for (const outcome of ['ok', 'clientErrors', 'serverErrors', 'limited'] as const) {
        if (row[outcome] > 0) this.record(orgId, row.keyId, row.hour, outcome, row[outcome]);
      }
    }
  }

  private entryFor(orgId: string, entry: string): UsageCounts | null {
    let byEntry = this.orgs.get(orgId);
    const existing = byEntry?.get(entry);
    if (existing) return existing;
    if (this.entries >= this.maxEntries) return null;
    if (!byEntry) {
      byEntry = new Map();
      this.orgs.set(orgId, byEntry);
    }
    const counts = emptyCounts();
    byEntry.set(entry, counts);
    this.entries += 1;
    return counts;
  }
}
