/**
 * One install's process, for tests of two installs side by side on one PostgreSQL cluster and one
 * Redis (server/installs.integration.test.ts). Configured only by its environment, like the real
 * server; driven by one command per line on stdin, answering on stdout:
 *   whoami                      → WHOAMI {"app": <runtime role>, "owner": <owner role>} as logged in
 *   listen <orgId>              → subscribes to the org's activity and presence channels and to the
 *                                 signout channel; LISTENING once Redis confirmed; then HEARD <kind> <message>
 *   publish <orgId> <userId> <text> → an activity message, a presence entry and its announcement,
 *                                 and a signout; PUBLISHED
 *   work                        → starts the probe job's worker; WORKING
 *   enqueue <orgId> <marker>    → enqueues a probe job; ENQUEUED <marker>
 * A probe job this process runs prints PROCESSED <marker> <database role it ran as>.
 */
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { closeAppPool, createOwnerClient, getAppPool } from '../server/database';
import { handleJob } from '../jobs/handler';
import { startWorkers } from '../jobs/worker';
import { defineJob, ZTenantJobScope } from '../server/jobs/define';
import { enqueue } from '../server/jobs/enqueue';
import { publishEndedSessions, SESSION_ENDED_CHANNEL } from '../server/auth/sessionEnded';
import { closeBus, getBus } from '../server/realtime/bus';
import { channelFor } from '../server/realtime/outbox';
import { createPresenceStore, presenceChannel } from '../server/presence/store';
import { presenceKey } from '../server/presence/snapshot';
import { closeRedis, getRedis } from '../server/redis';

const installProbe = defineJob({
  name: 'installProbe',
  payload: ZTenantJobScope.extend({ marker: z.string() }),
  attempts: 1,
});
const installProbeHandler = handleJob(installProbe, async ({ marker }, { inTenant }) => {
  const { rows } = await inTenant((tx) => tx.execute<{ role: string }>(sql`select current_user as role`));
  console.log(`PROCESSED ${marker} ${rows[0]?.role}`);
});

const presence = createPresenceStore();
let worker: { close(): Promise<void> } | undefined;

async function whoami(): Promise<string> {
  const app = await getAppPool().query<{ role: string }>('select current_user as role');
  const owner = createOwnerClient();
  await owner.connect();
  try {
    const { rows } = await owner.query<{ role: string }>('select current_user as role');
    return `WHOAMI ${JSON.stringify({ app: app.rows[0]?.role, owner: rows[0]?.role })}`;
  } finally {
    await owner.end();
  }
}

async function listen(orgId: string): Promise<string> {
  const bus = getBus();
  const heard = (kind: string) => (message: string) => console.log(`HEARD ${kind} ${message}`);
  await Promise.all([
    bus.subscribe(channelFor(orgId, 'activity'), heard('activity')),
    bus.subscribe(presenceChannel(orgId), heard('presence')),
    bus.subscribe(SESSION_ENDED_CHANNEL, heard('signout')),
  ]);
  return 'LISTENING';
}

async function publish(orgId: string, userId: string, text: string): Promise<string> {
  await getRedis().publish(channelFor(orgId, 'activity'), text);
  const membershipId = randomUUID();
  await presence.put(
    orgId,
    {
      key: presenceKey(membershipId, randomUUID()),
      conn: randomUUID(),
      seq: 0,
      membershipId,
      userId,
      name: text,
      page: '/o/probe',
      resource: null,
      mode: 'viewing',
    },
    'put',
  );
  await presence.announce(orgId);
  await publishEndedSessions({ userId });
  return 'PUBLISHED';
}

async function handle(line: string): Promise<string> {
  const [command, ...args] = line.trim().split(' ');
  switch (command) {
    case 'whoami':
      return whoami();
    case 'listen':
      return listen(args[0]!);
    case 'publish':
      return publish(args[0]!, args[1]!, args[2]!);
    case 'work':
      worker ??= await startWorkers({ handlers: [installProbeHandler], crons: [] });
      return 'WORKING';
    case 'enqueue':
      await enqueue(installProbe, { orgId: args[0]!, marker: args[1]! });
      return `ENQUEUED ${args[1]}`;
    default:
      throw new Error(`unknown command ${line}`);
  }
}

// One command at a time, in the order sent.
let queue = Promise.resolve();
createInterface({ input: process.stdin }).on('line', (line) => {
  queue = queue.then(() =>
    handle(line).then(
      (answer) => console.log(answer),
      (error: unknown) => console.log(`FAILED ${line}: ${(error as Error).message}`),
    ),
  );
});

process.on('SIGTERM', () => {
  void (async () => {
    await worker?.close();
    await closeBus();
    await closeRedis();
    await closeAppPool();
    process.exit(0);
  })();
});
console.log('READY');
