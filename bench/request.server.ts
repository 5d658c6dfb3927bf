/**
 * Child process of the request benchmark: serves the real tRPC HTTP middleware on one port and a
 * bare node `http` handler running the same SELECT through `pg` on another. Prints the ports and
 * the session cookie as one JSON line, then serves until killed.
 */
import express from 'express';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { users } from '../db/schema';
import { prepareDatabase } from '../server/databaseSetup';
import { SESSION_COOKIE, createSession } from '../server/auth/session';
import { env } from '../server/env';
import { createTrpcHttpMiddleware } from '../server/http/trpcHttp';
import { createOrganization } from '../server/orgs/createOrganization';
import { withActor } from '../server/tenancy/withTenant';

await prepareDatabase();
const userId = randomUUID();
await withActor(userId, (tx) =>
  tx.insert(users).values({ id: userId, email: `bench-${userId}@bench.test`, name: 'Bench User' }),
);
const org = await createOrganization({ name: `Bench ${userId.slice(0, 8)}`, ownerUserId: userId });
const session = await createSession(userId, { ip: '127.0.0.1', userAgent: 'bench' });

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

const app = express();
app.use('/trpc', createTrpcHttpMiddleware());
const appPort = await listen(http.createServer(app));

// Baseline: the same SELECT the procedure runs, without session, membership, permissions or RLS.
const pool = new pg.Pool({ connectionString: env.ownerDatabaseUrl, max: 20 });
const bare = http.createServer((req, res) => {
  pool
    .query('select name, billing_address, tax_id, version from organizations where id = $1', [org.id])
    .then(({ rows }) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(rows[0]));
    })
    .catch(() => {
      res.writeHead(500);
      res.end();
    });
});
const barePort = await listen(bare);

console.log(JSON.stringify({ appPort, barePort, cookie: `${SESSION_COOKIE}=${session.token}`, orgSlug: org.slug }));

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(0));
