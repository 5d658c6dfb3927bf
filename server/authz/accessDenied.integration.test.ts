/**
 * A refusal at the procedure gate tells the caller which permission was missing and why, and
 * leaves one structured 'access denied' line in the log for whoever investigates — with ids, the
 * procedure path, the permission and the reason, and nothing secret.
 */
import pino from 'pino';
import { Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminQuery } from '../../test/db';
import { errorCodeOf } from '../errors';
import { createContext } from '../trpc/context';
import { createCaller } from '../trpc/router';
import { caught, personIn, rolesTestOrg, type Person, type RolesTestOrg } from '../roles/testFixtures';

type LogLine = Record<string, unknown> & { msg: string };

/** A caller for `person` whose request logger writes JSON lines into `lines`. */
async function loggedCaller(person: Person, lines: LogLine[]) {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  const context = await createContext({ headers: { cookie: person.cookie }, ip: '127.0.0.1' });
  return createCaller({ ...context, log: pino({ level: 'info' }, sink).child({ requestId: context.req.requestId }) });
}

let org: RolesTestOrg;
let viewer: Person;

beforeAll(async () => {
  org = await rolesTestOrg('denied');
  viewer = await personIn(org, 'denied-viewer', 'viewer');
});

describe('a refusal at the gate', () => {
  it('carries the permission and the reason, and is logged once as a structured info line', async () => {
    const lines: LogLine[] = [];
    const caller = await loggedCaller(viewer, lines);
    const error = await caught(
      caller.roles.explain({ orgSlug: org.slug, membershipId: viewer.membershipId, permission: 'org:read' }),
    );

    expect(error.code).toBe('FORBIDDEN');
    expect(errorCodeOf(error)).toBe('PERMISSION_MISSING');
    expect(error.details).toEqual({ permission: 'roles:manage', reason: 'None of your roles grants roles:manage' });
    const denied = lines.filter((line) => line.msg === 'access denied');
    expect(denied).toHaveLength(1);
    expect(denied[0]).toMatchObject({
      level: 30,
      orgId: org.orgId,
      userId: viewer.userId,
      path: 'roles.explain',
      permission: 'roles:manage',
      reason: 'None of your roles grants roles:manage',
    });
    const text = JSON.stringify(denied[0]);
    expect(text).not.toContain(viewer.cookie.split('=')[1]!);
    expect(text).not.toContain('membershipId');
  });

  it('gives the condition that failed as the reason when a grant is conditional', async () => {
    const role = await org.ownerPerson.caller.roles.create({
      orgSlug: org.slug,
      name: 'Office hours admin',
      grants: [{ permission: 'roles:read' }, { permission: 'roles:manage', condition: 'inCidr(env.ip, "10.0.0.0/8")' }],
    });
    const holder = await personIn(org, 'denied-office', 'viewer');
    await org.ownerPerson.caller.roles.setMemberRoles({
      orgSlug: org.slug,
      membershipId: holder.membershipId,
      roleIds: [role.id],
    });
    const lines: LogLine[] = [];
    const caller = await loggedCaller(holder, lines);
    const error = await caught(
      caller.roles.explain({ orgSlug: org.slug, membershipId: holder.membershipId, permission: 'org:read' }),
    );

    expect(error.code).toBe('FORBIDDEN');
    expect(errorCodeOf(error)).toBe('CONDITION_UNMET');
    expect(error.details).toEqual({
      permission: 'roles:manage',
      reason: 'roles:manage is granted only when inCidr(env.ip, "10.0.0.0/8") (it is false)',
    });
    expect(lines.find((line) => line.msg === 'access denied')).toMatchObject({
      path: 'roles.explain',
      permission: 'roles:manage',
      reason: expect.stringContaining('inCidr(env.ip, "10.0.0.0/8")'),
    });
  });

  it('says why when the membership is deactivated', async () => {
    const leaving = await personIn(org, 'denied-leaving', 'viewer');
    await adminQuery(`update memberships set status = 'deactivated' where id = $1`, [leaving.membershipId]);
    const lines: LogLine[] = [];
    const caller = await loggedCaller(leaving, lines);
    const error = await caught(caller.roles.list({ orgSlug: org.slug }));

    expect(error.code).toBe('FORBIDDEN');
    expect(errorCodeOf(error)).toBe('MEMBERSHIP_DEACTIVATED');
    expect(error.details).toEqual({
      permission: 'roles:read',
      reason: 'Your membership in this organization is deactivated',
    });
    expect(lines.find((line) => line.msg === 'access denied')).toMatchObject({
      path: 'roles.list',
      userId: leaving.userId,
    });
  });
});
