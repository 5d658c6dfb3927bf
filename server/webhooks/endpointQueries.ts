/**
 * Reading an org's webhook endpoints as the portal shows them, in the caller's tenant
 * transaction: settings, state, the last delivery and the failures of the last 24 hours. Never a
 * secret, sealed or not: the columns read are listed, and the sealed ones are not among them.
 */
import { sql, type SQL } from 'drizzle-orm';
import { AppError } from '../errors';
import type { Tx } from '../tenancy/withTenant';
import { isoMs } from './isoSql';
import { ZEndpointId, type EndpointSummary } from './schemas';

/**
 * Bounds the "failed in the last 24 hours" count to deliveries created in the last 7 days, so it
 * reads only recent index entries: longer than any retry schedule, after which a delivery's last
 * scheduled attempt is long past (a replay of an older delivery is the one thing it leaves out).
 */
const FAILURE_WINDOW_CREATED_WITHIN = '7 days';

type SummaryRow = {
  id: string;
  url: string;
  description: string;
  event_types: string[];
  is_enabled: boolean;
  disabled_reason: EndpointSummary['disabledReason'];
  failing_since: string | null;
  /** Only while the overlap lasts. */
  previous_secret_expires_at: string | null;
  version: number;
  created_at: string;
  last_status: NonNullable<EndpointSummary['lastDelivery']>['status'] | null;
  last_response_status: number | null;
  last_at: string | null;
  failed_last_24h: number;
};

function toSummary(row: SummaryRow): EndpointSummary {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.event_types,
    isEnabled: row.is_enabled,
    disabledReason: row.disabled_reason,
    failingSince: row.failing_since,
    previousSecretExpiresAt: row.previous_secret_expires_at,
    version: row.version,
    createdAt: row.created_at,
    lastDelivery:
      row.last_status && row.last_at
        ? { status: row.last_status, responseStatus: row.last_response_status, at: row.last_at }
        : null,
    failedLast24h: row.failed_last_24h,
  };
}

async function selectSummaries(tx: Tx, orgId: string, where: SQL): Promise<SummaryRow[]> {
  const result = await tx.execute<SummaryRow>(sql`
    select e.id::text, e.url, e.description, e.event_types, e.is_enabled, e.disabled_reason,
           ${isoMs(sql`e.failing_since`)} as failing_since,
           ${isoMs(sql`case when e.previous_secret_expires_at > now() then e.previous_secret_expires_at end`)}
             as previous_secret_expires_at,
           e.version, ${isoMs(sql`e.created_at`)} as created_at,
           last.status as last_status, last.last_response_status,
           ${isoMs(sql`coalesce(last.last_attempt_at, last.created_at)`)} as last_at,
           (select count(*)::int from webhook_deliveries f
             where f.org_id = e.org_id and f.endpoint_id = e.id
               and f.created_at > now() - ${FAILURE_WINDOW_CREATED_WITHIN}::interval
               and f.status = 'failed' and f.last_attempt_at > now() - interval '24 hours') as failed_last_24h
      from webhook_endpoints e
      left join lateral (
        select d.status, d.last_response_status, d.last_attempt_at, d.created_at
          from webhook_deliveries d
         where d.org_id = e.org_id and d.endpoint_id = e.id
         order by d.created_at desc, d.id desc
         limit 1
      ) last on true
     where e.org_id = ${orgId} and ${where}
     order by e.created_at desc, e.id desc`);
  return result.rows;
}

export async function listEndpoints(tx: Tx, orgId: string): Promise<{ items: EndpointSummary[] }> {
  const rows = await selectSummaries(tx, orgId, sql`true`);
  return { items: rows.map(toSummary) };
}

export async function findEndpoint(tx: Tx, orgId: string, endpointId: string): Promise<EndpointSummary | null> {
  const [row] = await selectSummaries(tx, orgId, sql`e.id = ${endpointId}::uuid`);
  return row ? toSummary(row) : null;
}

export async function getEndpoint(tx: Tx, orgId: string, endpointId: string): Promise<EndpointSummary> {
  const endpoint = await findEndpoint(tx, orgId, endpointId);
  if (!endpoint) throw new AppError('WEBHOOK_ENDPOINT_NOT_FOUND');
  return endpoint;
}

/**
 * The audit before/after of an endpoint: where it sends, what, and whether — never the secret,
 * and no key the redactor would blank (server/audit/redact.ts), so the trail stays readable.
 */
export async function endpointSnapshot(tx: Tx, orgId: string, endpointId: string): Promise<unknown> {
  // The id comes from the raw input, read before validation: a non-uuid names no endpoint.
  if (!ZEndpointId.safeParse(endpointId).success) return null;
  const endpoint = await findEndpoint(tx, orgId, endpointId);
  if (!endpoint) return null;
  const { url, description, eventTypes, isEnabled, disabledReason, version } = endpoint;
  return { url, description, eventTypes, isEnabled, disabledReason, version };
}
