/**
 * Usage counts for an API key, written straight into the e2e database: no transport counts
 * requests yet on this branch (the REST API will call recordApiKeyRequest), and the chart is
 * what these journeys are about. The key is found by its token's lookup part.
 */
import pg from 'pg';
import { E2E_DATABASE_URL } from './env';

export type UsageHour = {
  hoursAgo: number;
  ok?: number;
  clientErrors?: number;
  serverErrors?: number;
  limited?: number;
};

export async function seedKeyUsage(lookup: string, hours: UsageHour[]): Promise<void> {
  const client = new pg.Client({ connectionString: E2E_DATABASE_URL });
  await client.connect();
  try {
    for (const hour of hours) {
      const { rowCount } = await client.query(
        `insert into api_key_usage (org_id, key_id, hour, ok, client_errors, server_errors, limited)
         select org_id, id, date_trunc('hour', now()) - make_interval(hours => $2), $3, $4, $5, $6
           from api_keys where lookup = $1`,
        [lookup, hour.hoursAgo, hour.ok ?? 0, hour.clientErrors ?? 0, hour.serverErrors ?? 0, hour.limited ?? 0],
      );
      if (rowCount !== 1) throw new Error(`no API key with lookup ${lookup}`);
    }
  } finally {
    await client.end();
  }
}
