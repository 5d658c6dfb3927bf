/**
 * A job never holds a database transaction across its network I/O: while an SMTP server (for
 * sendEmail) and an HTTP receiver (for pushAudit and deliverWebhooks) on loopback stall, no connection of the app's
 * runtime role has a transaction open — no row lock held, no pooled connection taken from web
 * requests for as long as the peer takes. Once the peer answers, the job finishes its work.
 */
import type { AddressInfo } from 'node:net';
import { createServer, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { appendAuditEvent } from '../../server/audit/append';
import { rolesTestOrg, type RolesTestOrg } from '../../server/roles/testFixtures';
import { env } from '../../server/env';
import { withTenant } from '../../server/tenancy/withTenant';
import { adminQuery } from '../../test/db';
import { waitFor } from '../../test/live';
import { runHandler } from '../testFixtures';
import { createTestEndpoint } from '../../server/webhooks/deliverTestFixtures';
import { fanOutToWebhooks } from '../../server/webhooks/fanOut';
import { deliverWebhooksHandler } from './deliverWebhooks';
import { pushAuditHandler } from './pushAudit';
import { sendEmailHandler } from './sendEmail';

// vi.hoisted runs before the imports above are evaluated, so server/env.ts sees these.
const smtp = await vi.hoisted(async () => {
  process.env.OUTBOUND_ALLOW_PRIVATE_URLS = 'true';
  const { SMTPServer } = await import('smtp-server');
  const stalled: (() => void)[] = [];
  const delivered: string[][] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // The greeting waits until the test lets it go: the client is mid-send until then.
    onConnect(_session, callback) {
      stalled.push(() => callback());
    },
    onData(stream, session, callback) {
      stream.resume();
      stream.on('end', () => {
        delivered.push(session.envelope.rcptTo.map((r) => r.address));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.env.SMTP_URL = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  return { server, stalled, delivered };
});

/** Connections of the runtime role with a transaction open (in this test's database). */
async function openAppTransactions(): Promise<{ state: string; query: string }[]> {
  return adminQuery<{ state: string; query: string }>(
    `select state, query from pg_stat_activity
      where usename = $1 and datname = current_database() and xact_start is not null`,
    [env.dbRoles.app],
  );
}

const held: ServerResponse[] = [];
const receiver = createServer((req, res) => {
  req.resume();
  req.on('end', () => held.push(res));
});
let org: RolesTestOrg;

beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  org = await rolesTestOrg('no-tx-io');
});

afterAll(async () => {
  for (const res of held) res.end();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  await new Promise<void>((resolve) => smtp.server.close(() => resolve()));
});

describe('a job during its network I/O', () => {
  it('sendEmail holds no transaction while the SMTP server stalls', async () => {
    const to = `stall.${Date.now().toString(36)}@example.test`;
    const job = runHandler(sendEmailHandler, { orgId: org.orgId, to, subject: 'Stalled', text: 'Hello' });
    await waitFor(() => smtp.stalled.length > 0);
    expect(await openAppTransactions()).toEqual([]);

    smtp.stalled.shift()!();
    await job;
    expect(smtp.delivered).toContainEqual([to]);
  });

  it('pushAudit holds no transaction, and no lock on its endpoint, while the receiver stalls', async () => {
    const { port } = receiver.address() as AddressInfo;
    await org.ownerPerson.caller.auditPush.configure({
      orgSlug: org.slug,
      url: `http://127.0.0.1:${port}/audit`,
      version: null,
    });
    await withTenant(org.orgId, { type: 'system', name: 'seed' }, (tx) =>
      appendAuditEvent(tx, {
        orgId: org.orgId,
        action: 'seed.event',
        actor: { type: 'system', id: 'seed', email: null },
        outcome: 'success',
      }),
    );
    const job = runHandler(pushAuditHandler, { orgId: org.orgId });
    await waitFor(() => held.length > 0);
    expect(await openAppTransactions()).toEqual([]);
    // Nothing waits on a row lock: the endpoint's row can be locked at once (and is let go).
    const locked = await adminQuery('select org_id from audit_push_endpoints where org_id = $1 for update nowait', [
      org.orgId,
    ]);
    expect(locked).toHaveLength(1);

    held.shift()!.writeHead(200).end('ok');
    await job;
    const [row] = await adminQuery<{ cursor_seq: string; next_attempt_at: Date | null }>(
      'select cursor_seq::text, next_attempt_at from audit_push_endpoints where org_id = $1',
      [org.orgId],
    );
    expect(Number(row?.cursor_seq)).toBeGreaterThan(0);
    expect(row?.next_attempt_at).toBeNull();
  });

  it('deliverWebhooks holds no transaction, and no lock on its deliveries, while the receiver stalls', async () => {
    const { port } = receiver.address() as AddressInfo;
    const endpoint = await createTestEndpoint(org.orgId, { url: `http://127.0.0.1:${port}/webhook` });
    await withTenant(org.orgId, { type: 'system', name: 'seed' }, (tx) =>
      fanOutToWebhooks(tx, org.orgId, [
        { id: 7_000_001, type: 'member.joined', actorUserId: null, data: {}, createdAt: new Date() },
      ]),
    );
    const [delivery] = await adminQuery<{ id: string }>('select id from webhook_deliveries where endpoint_id = $1', [
      endpoint.id,
    ]);
    const job = runHandler(deliverWebhooksHandler, { orgId: org.orgId });
    await waitFor(() => held.length > 0);
    expect(await openAppTransactions()).toEqual([]);
    const locked = await adminQuery('select id from webhook_deliveries where id = $1 for update nowait', [
      delivery!.id,
    ]);
    expect(locked).toHaveLength(1);

    held.shift()!.writeHead(200).end('ok');
    await job;
    const [row] = await adminQuery<{ status: string }>('select status from webhook_deliveries where id = $1', [
      delivery!.id,
    ]);
    expect(row?.status).toBe('succeeded');
  });
});
