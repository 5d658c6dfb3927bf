/**
 * Child process of the fan-out benchmark. Serves, on two ports:
 *   - the app: the real WebSocket endpoint (server/http/websocket.ts: session at upgrade,
 *     activity.live through the procedure chain) fed by the real outbox relay, Redis and bus;
 *   - the baseline: a bare `ws` server that relays each message of one Redis channel to every
 *     socket, serialized once.
 * Sets up one org with `clients` viewers and a session each (inserted in bulk as the owner role —
 * the setup is not what is measured). Produces events on request over IPC: for the app through
 * recordEvent in a tenant transaction (what a mutation does), for the baseline by PUBLISH. Each
 * event carries `sentAt` (CLOCK_MONOTONIC in ms, the same clock in every process on the machine).
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { users } from '../db/schema';
import { createOwnerClient } from '../server/database';
import { prepareDatabase } from '../server/databaseSetup';
import { SESSION_COOKIE } from '../server/auth/session';
import { generateToken, hashToken } from '../server/auth/sessionToken';
import { attachWebSocketServer } from '../server/http/websocket';
import { createOrganization } from '../server/orgs/createOrganization';
import { recordEvent } from '../server/realtime/outbox';
import { startOutboxRelay } from '../server/realtime/outboxRelay';
import { createRedis } from '../server/redis';
import { withActor, withTenant } from '../server/tenancy/withTenant';

export type FanoutCommand =
  { cmd: 'produce'; target: 'app' | 'bare'; count: number; perSecond: number | null; from: number } | { cmd: 'stop' };
export type FanoutReady = { appPort: number; barePort: number; orgSlug: string; cookies: string[] };
/** Per event of a steady phase (index = seq - from): when it was sent, and when it was committed. */
export type FanoutProduced = { firstSentAt: number; sentAt: number[]; committedAt: number[] };

const clients = Number(process.env.FANOUT_CLIENTS ?? 5_000);
const monotonicMs = () => Number(process.hrtime.bigint() / 1_000n) / 1_000;

await prepareDatabase();

// One org, its owner, and `clients` viewers with a session each.
const ownerId = randomUUID();
await withActor(ownerId, (tx) =>
  tx.insert(users).values({ id: ownerId, email: `fanout-${ownerId}@bench.test`, name: 'Fanout Owner' }),
);
const org = await createOrganization({ name: `Fanout ${ownerId.slice(0, 8)}`, ownerUserId: ownerId });
const tokens = Array.from({ length: clients }, () => generateToken());
const owner = createOwnerClient();
await owner.connect();
try {
  const ids = tokens.map(() => randomUUID());
  await owner.query(
    `insert into users (id, email, name) select id, 'fanout-' || id || '@bench.test', 'Fanout viewer' from unnest($1::uuid[]) as id`,
    [ids],
  );
  await owner.query(
    `with m as (
       insert into memberships (org_id, user_id, status) select $1, id, 'active' from unnest($2::uuid[]) as id
       returning id
     )
     insert into member_roles (org_id, membership_id, role_id)
     select $1, m.id, r.id from m, roles r where r.org_id = $1 and r.system_key = 'viewer'`,
    [org.id, ids],
  );
  await owner.query(
    `insert into sessions (id, user_id, expires_at, user_agent)
     select s.id, s.user_id, now() + interval '1 day', 'fanout-bench' from unnest($1::text[], $2::uuid[]) as s(id, user_id)`,
    [tokens.map(hashToken), ids],
  );
} finally {
  await owner.end();
}

// The app.
const app = createServer((_req, res) => res.writeHead(404).end());
attachWebSocketServer(app);
const relay = startOutboxRelay({ pollIntervalMs: 1_000 });
await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));

// The baseline: one Redis subscription, one string per message, sent as is to every socket.
const bareChannel = `bench:fanout:${randomUUID()}`;
const bare = new WebSocketServer({ host: '127.0.0.1', port: 0 });
await new Promise<void>((resolve) => bare.once('listening', resolve));
const bareSubscriber = createRedis({});
bareSubscriber.on('message', (_channel: string, message: string) => {
  for (const socket of bare.clients) socket.send(message);
});
await bareSubscriber.subscribe(bareChannel);
const publisher = createRedis({});

/** Writes or publishes one event; returns when it was sent and when it became deliverable. */
async function produceOne(target: 'app' | 'bare', seq: number): Promise<{ sentAt: number; committedAt: number }> {
  const sentAt = monotonicMs();
  if (target === 'bare') {
    const event = {
      id: seq,
      type: 'bench.tick',
      actor: null,
      data: { seq, sentAt },
      createdAt: new Date().toISOString(),
    };
    await publisher.publish(bareChannel, JSON.stringify(event));
    // Published is deliverable; there is nothing to commit.
    return { sentAt, committedAt: sentAt };
  }
  await withTenant(org.id, { type: 'user', userId: ownerId }, (tx) =>
    recordEvent(tx, {
      orgId: org.id,
      topic: 'activity',
      type: 'bench.tick',
      actorUserId: ownerId,
      data: { seq, sentAt },
    }),
  );
  return { sentAt, committedAt: monotonicMs() };
}

/** A burst: every event in one round (one transaction for the app, one pipeline for the baseline). */
async function produceBurst(target: 'app' | 'bare', from: number, count: number): Promise<number> {
  const sentAt = monotonicMs();
  const seqs = Array.from({ length: count }, (_, i) => from + i);
  if (target === 'bare') {
    const pipeline = publisher.pipeline();
    for (const seq of seqs) {
      const event = {
        id: seq,
        type: 'bench.tick',
        actor: null,
        data: { seq, sentAt },
        createdAt: new Date().toISOString(),
      };
      pipeline.publish(bareChannel, JSON.stringify(event));
    }
    await pipeline.exec();
    return sentAt;
  }
  await withTenant(org.id, { type: 'user', userId: ownerId }, async (tx) => {
    for (const seq of seqs) {
      await recordEvent(tx, {
        orgId: org.id,
        topic: 'activity',
        type: 'bench.tick',
        actorUserId: ownerId,
        data: { seq, sentAt },
      });
    }
  });
  return sentAt;
}

/** `count` events `perSecond` apart on a fixed schedule, or (perSecond null) as one burst. */
async function produce(command: Extract<FanoutCommand, { cmd: 'produce' }>): Promise<FanoutProduced> {
  if (!command.perSecond) {
    const sentAt = await produceBurst(command.target, command.from, command.count);
    return { firstSentAt: sentAt, sentAt: [], committedAt: [] };
  }
  const started = monotonicMs();
  const sentAt: number[] = [];
  const committedAt: number[] = [];
  for (let i = 0; i < command.count; i++) {
    const due = started + (i * 1_000) / command.perSecond;
    const wait = due - monotonicMs();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const times = await produceOne(command.target, command.from + i);
    sentAt.push(times.sentAt);
    committedAt.push(times.committedAt);
  }
  return { firstSentAt: sentAt[0] ?? started, sentAt, committedAt };
}

process.on('message', (command: FanoutCommand) => {
  if (command.cmd === 'stop') {
    void relay.close().finally(() => process.exit(0));
    return;
  }
  produce(command).then(
    (result) => process.send?.(result),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});

const ready: FanoutReady = {
  appPort: (app.address() as AddressInfo).port,
  barePort: (bare.address() as AddressInfo).port,
  orgSlug: org.slug,
  cookies: tokens.map((token) => `${SESSION_COOKIE}=${token}`),
};
process.send?.(ready);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(0));
