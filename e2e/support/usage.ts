/**
 * Usage roll-ups for an org, written straight into the e2e database as the roll-up job would leave
 * them (the write side is not what these journeys are about), and a 'usage.updated' event put in
 * the outbox as that job records it — the server's relay publishes it to the open pages.
 */
import pg from 'pg';
import { E2E_DATABASE_URL } from './env';

export type RollupRow = {
  metric: string;
  granularity: 'hour' | 'day';
  dimension?: string;
  /** Buckets back from the current one (hours or days). */
  ago: number;
  value: number;
};

async function withClient<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: E2E_DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function writeUsage(orgSlug: string, rows: RollupRow[]): Promise<void> {
  await withClient(async (client) => {
    for (const row of rows) {
      const { rowCount } = await client.query(
        `insert into usage_rollups (org_id, metric, granularity, dimension, bucket_start, value)
         select id, $2, $3, $4, date_trunc($3, now(), 'UTC') - make_interval(hours => case when $3 = 'hour' then $5 else 0 end,
                                                                              days => case when $3 = 'day' then $5 else 0 end),
                $6
           from organizations where slug = $1
         on conflict (org_id, metric, granularity, dimension, bucket_start) do update set value = excluded.value`,
        [orgSlug, row.metric, row.granularity, row.dimension ?? '', row.ago, row.value],
      );
      if (rowCount !== 1) throw new Error(`no organization ${orgSlug}`);
    }
  });
}

/** Removes the org's roll-ups (a fresh start for a journey). */
export async function clearUsage(orgSlug: string): Promise<void> {
  await withClient((client) =>
    client.query(`delete from usage_rollups where org_id = (select id from organizations where slug = $1)`, [orgSlug]),
  );
}

export async function publishUsageUpdated(orgSlug: string, metrics: string[]): Promise<void> {
  await withClient((client) =>
    client.query(
      `insert into outbox (org_id, topic, type, actor_user_id, data)
       select id, 'usage', 'usage.updated', null,
              jsonb_build_object('metrics', $2::jsonb, 'fromHour', to_char(date_trunc('hour', now(), 'UTC') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.000"Z"'),
                                 'toHour', to_char(date_trunc('hour', now(), 'UTC') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.000"Z"'))
         from organizations where slug = $1`,
      [orgSlug, JSON.stringify(metrics)],
    ),
  );
}
