/**
 * Two app processes: a socket open on node A, the same person signs out through node B. Node A
 * closes the socket with the signed-out code within a second of the logout returning, and the
 * cookie opens no socket on either node.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../test/live';
import { openSocket } from '../../test/rawSocket';
import { startAppNode, type AppNode } from '../../test/twoNodes';
import { SESSION_COOKIE } from '../auth/session';
import { SIGNED_OUT_CLOSE_CODE } from '../auth/sessionEnded';
import { signedInBrowser, signedUpUser } from '../auth/testing/browser';
import { closeRedis } from '../redis';

describe('a session ended on one node', () => {
  let nodeA: AppNode;
  let nodeB: AppNode;

  beforeAll(async () => {
    [nodeA, nodeB] = await Promise.all([startAppNode({ relay: false }), startAppNode({ relay: false })]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([nodeA?.stop(), nodeB?.stop()]);
    await closeRedis();
  });

  it('closes its socket on the other node within a second, and its next message is refused', async () => {
    const user = await signedUpUser('two-node-logout');
    const cookie = `${SESSION_COOKIE}=${user.browser.sessionToken}`;
    const other = await signedInBrowser(user.email, user.password);
    const otherCookie = `${SESSION_COOKIE}=${other.sessionToken}`;
    const onA = await openSocket(nodeA.wsUrl, cookie);
    const otherOnA = await openSocket(nodeA.wsUrl, otherCookie);
    expect(await onA.call('account.me')).toMatchObject({ data: { type: 'data' } });
    expect(await otherOnA.call('account.me')).toMatchObject({ data: { type: 'data' } });

    await nodeB.httpClientFor(cookie).auth.logout.mutate();
    const loggedOutAt = Date.now();
    await waitFor(() => onA.closed.code !== null, 5_000);
    expect(Date.now() - loggedOutAt).toBeLessThan(1_000);
    expect(onA.closed.code).toBe(SIGNED_OUT_CLOSE_CODE);
    expect(await onA.call('account.me')).toEqual({ closed: true });
    expect((await openSocket(nodeA.wsUrl, cookie)).refused.status).toBe(401);
    expect((await openSocket(nodeB.wsUrl, cookie)).refused.status).toBe(401);

    // The same person's other browser is untouched.
    expect(await otherOnA.call('account.me')).toMatchObject({ data: { type: 'data' } });
    otherOnA.socket.close();
  });
});
