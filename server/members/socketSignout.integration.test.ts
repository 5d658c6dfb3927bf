/**
 * The wiring end to end: a signed-in member holds a real WebSocket to the app's endpoint; when an
 * admin deactivates them (and so ends their sessions), the server closes that socket with the
 * signed-out code — after the commit, through Redis — and a new connection is refused. Someone
 * still active in another org keeps their socket.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../test/live';
import { createTestOrg } from '../activity/testFixtures';
import { personIn, rolesTestOrg, type Person, type RolesTestOrg } from '../authz/testFixtures';
import { attachWebSocketServer } from '../http/websocket';
import { addMember } from '../orgs/members';
import { closeBus } from '../realtime/bus';
import { closeRedis } from '../redis';
import { withTenant } from '../tenancy/withTenant';
import { SIGNED_OUT_CLOSE_CODE } from './socketSignout';

type Opened = { socket: WebSocket; closed: { code: number | null }; refused: { status: number | null } };

describe('closing a signed-out member’s WebSockets', () => {
  let server: Server;
  let sockets: ReturnType<typeof attachWebSocketServer>;
  let url: string;
  let org: RolesTestOrg;
  let admin: Person;

  beforeAll(async () => {
    server = createServer();
    sockets = attachWebSocketServer(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/trpc`;
    org = await rolesTestOrg('sock');
    admin = await personIn(org, 'sock-admin', 'admin');
  });

  afterAll(async () => {
    await sockets.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await closeBus();
    await closeRedis();
  });

  function open(cookie: string): Promise<Opened> {
    const socket = new WebSocket(url, { headers: { cookie } });
    const closed = { code: null as number | null };
    const refused = { status: null as number | null };
    socket.on('close', (code) => (closed.code = code));
    return new Promise((resolve) => {
      socket.once('open', () => resolve({ socket, closed, refused }));
      socket.once('unexpected-response', (_req, res) => {
        refused.status = res.statusCode ?? 0;
        resolve({ socket, closed, refused });
      });
    });
  }

  it('closes the socket with 4001 once the deactivation committed; the next upgrade is refused', async () => {
    const person = await personIn(org, 'sock-member', 'member');
    const first = await open(person.cookie);
    expect(first.refused.status).toBeNull();
    // The server registers the socket under its user before the handshake completes.

    await admin.caller.members.deactivate({ orgSlug: org.slug, membershipId: person.membershipId });
    await waitFor(() => first.closed.code !== null);
    expect(first.closed.code).toBe(SIGNED_OUT_CLOSE_CODE);

    const again = await open(person.cookie);
    expect(again.refused.status).toBe(401);
  });

  it('leaves the socket of someone still active in another org open', async () => {
    const person = await personIn(org, 'sock-multi', 'member');
    const elsewhere = await createTestOrg('sock-elsewhere');
    await withTenant(elsewhere.orgId, { type: 'user', userId: person.userId }, (tx) =>
      addMember(tx, { orgId: elsewhere.orgId, userId: person.userId, roleKey: 'viewer' }),
    );
    const conn = await open(person.cookie);
    await admin.caller.members.deactivate({ orgSlug: org.slug, membershipId: person.membershipId });
    // A signout for someone else, published after ours, arrives after it would have: then we know.
    const other = await personIn(org, 'sock-other', 'member');
    const otherConn = await open(other.cookie);
    await admin.caller.members.deactivate({ orgSlug: org.slug, membershipId: other.membershipId });
    await waitFor(() => otherConn.closed.code !== null);
    expect(conn.closed.code).toBeNull();
    conn.socket.close();
  });
});
