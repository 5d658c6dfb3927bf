/**
 * Configuring an org's audit push endpoint (procedures in ./router.ts). Every change is
 * optimistic-concurrency checked on `version` and described to the audit trail with
 * auditChange() — URL, enabled flag and version only: the signing secret is returned once, in
 * the response of the call that created it, and is in no event, log or status.
 */
import { and, eq, sql } from 'drizzle-orm';
import { auditPushEndpoints } from '../../../db/schema';
import { AppError } from '../../errors';
import type { Tx } from '../../tenancy/withTenant';
import { auditChange } from '../scope';
import { deliverPush, type Delivery } from './deliver';
import {
  auditedState,
  findEndpoint,
  lastEventSeq,
  openSigningSecret,
  pushPolicy,
  sealSigningSecret,
  statusOf,
  type EndpointRow,
  type PushStatus,
} from './endpointState';
import { testPayload } from './payload';
import { newSigningSecret } from './signature';
import { checkPushUrl } from './urlPolicy';

export const PUSH_CONFLICT_MESSAGE = 'Someone else changed the push settings; reload to see their changes';

export type SecretIssued = { status: PushStatus; signingSecret: string };

function describe(before: EndpointRow | null, after: EndpointRow | null, extra?: object) {
  auditChange({
    before: auditedState(before),
    after: after ? { ...auditedState(after), ...extra } : null,
  });
}

async function requireEndpoint(tx: Tx, orgId: string): Promise<EndpointRow> {
  const row = await findEndpoint(tx, orgId);
  if (!row) throw new AppError('PUSH_NOT_CONFIGURED');
  return row;
}

function requireVersion(row: EndpointRow, version: number): void {
  if (row.version !== version) throw new AppError('STALE_VERSION', PUSH_CONFLICT_MESSAGE);
}

/** Applies a change to the row at `version`; CONFLICT when someone saved in between. */
async function updateAt(
  tx: Tx,
  orgId: string,
  version: number,
  changes: Partial<typeof auditPushEndpoints.$inferInsert>,
): Promise<EndpointRow> {
  const [saved] = await tx
    .update(auditPushEndpoints)
    .set({ ...changes, version: sql`${auditPushEndpoints.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(auditPushEndpoints.orgId, orgId), eq(auditPushEndpoints.version, version)))
    .returning();
  if (!saved) throw new AppError('STALE_VERSION', PUSH_CONFLICT_MESSAGE);
  return saved;
}

export async function getPushStatus(tx: Tx, orgId: string): Promise<PushStatus | null> {
  const row = await findEndpoint(tx, orgId);
  return row ? statusOf(tx, row) : null;
}

/**
 * Sets the URL (creating the endpoint with `version: null`), issues a new signing secret and
 * switches pushing on with a clean failure record. A new endpoint starts after the last event
 * already in the trail (history is in the export); a changed one keeps its cursor, so nothing is
 * skipped.
 */
export async function configurePush(
  tx: Tx,
  orgId: string,
  input: { url: string; version: number | null },
): Promise<SecretIssued> {
  const refusal = checkPushUrl(input.url, pushPolicy());
  if (refusal) throw new AppError('INVALID_INPUT', refusal, { field: 'url' });
  const signingSecret = newSigningSecret();
  const sealedSigningSecret = sealSigningSecret(orgId, signingSecret);
  const fresh = {
    url: input.url,
    sealedSigningSecret,
    isEnabled: true,
    disabledReason: null,
    consecutiveFailures: 0,
    lastError: null,
    nextAttemptAt: null,
  };
  const before = await findEndpoint(tx, orgId);
  let saved: EndpointRow;
  if (input.version === null) {
    if (before) throw new AppError('STALE_VERSION', PUSH_CONFLICT_MESSAGE);
    const [created] = await tx
      .insert(auditPushEndpoints)
      .values({ orgId, ...fresh, cursorSeq: await lastEventSeq(tx) })
      .onConflictDoNothing()
      .returning();
    if (!created) throw new AppError('STALE_VERSION', PUSH_CONFLICT_MESSAGE);
    saved = created;
  } else {
    if (!before) throw new AppError('STALE_VERSION', PUSH_CONFLICT_MESSAGE);
    saved = await updateAt(tx, orgId, input.version, fresh);
  }
  describe(before, saved, { reissued: true });
  return { status: await statusOf(tx, saved), signingSecret };
}

/** A new signing secret; the old one stops working at once. */
export async function rotatePushSecret(tx: Tx, orgId: string, input: { version: number }): Promise<SecretIssued> {
  const before = await requireEndpoint(tx, orgId);
  requireVersion(before, input.version);
  const signingSecret = newSigningSecret();
  const saved = await updateAt(tx, orgId, input.version, {
    sealedSigningSecret: sealSigningSecret(orgId, signingSecret),
  });
  describe(before, saved, { reissued: true });
  return { status: await statusOf(tx, saved), signingSecret };
}

/** Switching on again also clears the failure record, so the next run tries at once. */
export async function setPushEnabled(
  tx: Tx,
  orgId: string,
  input: { version: number; isEnabled: boolean },
): Promise<PushStatus> {
  const before = await requireEndpoint(tx, orgId);
  requireVersion(before, input.version);
  const saved = await updateAt(
    tx,
    orgId,
    input.version,
    input.isEnabled
      ? { isEnabled: true, disabledReason: null, consecutiveFailures: 0, nextAttemptAt: null }
      : { isEnabled: false, disabledReason: null },
  );
  describe(before, saved);
  return statusOf(tx, saved);
}

/**
 * Sends one signed test line to the configured URL, now, whether pushing is on or off. It moves
 * no cursor and counts no failure; the result is returned to the admin (and is the event's after).
 * The endpoint is read in a short transaction of its own (`inTenant`): none is open during the
 * HTTP call, which may take up to the push timeout.
 */
export async function sendPushTest(
  inTenant: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>,
  orgId: string,
  actor: { id: string | null; email: string | null },
): Promise<Delivery> {
  const row = await inTenant((tx) => requireEndpoint(tx, orgId));
  const payload = testPayload(orgId, actor);
  const delivery = await deliverPush({
    url: row.url,
    secret: openSigningSecret(row),
    body: payload.body,
    eventCount: payload.count,
    policy: pushPolicy(),
  });
  auditChange({
    after: { url: row.url, delivered: delivery.ok, status: delivery.status },
  });
  return delivery;
}
