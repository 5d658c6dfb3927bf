/**
 * The audit core serves any transport: one declared action (teams.create) run through
 * runAuditedAction without tRPC — as a REST route would: its own principal, request info and
 * validated input, the declaration the procedure carries — leaves the same events, success and
 * failure, as the tRPC call.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { adminQuery } from '../../test/db';
import { roleActorOf } from '../authz/actorPower';
import { ALL_PERMISSIONS } from '../shared/permissions';
import { caught, rolesTestOrg, type RolesTestOrg } from '../roles/testFixtures';
import { logger } from '../logger';
import { ZCreateTeamInput } from '../teams/teamSchemas';
import { createTeam } from '../teams/createTeam';
import type { Principal } from '../tenancy/principal';
import type { Meta } from '../trpc/init';
import { appRouter } from '../trpc/router';
import { runAuditedAction } from './auditedAction';
import type { AuditDeclaration } from './declaration';
import { auditRowsOf, type AuditRow } from './testFixtures';

let org: RolesTestOrg;
let principal: Principal;

/** What the procedure declares in its meta: the REST route runs the same action. */
function declarationOf(path: string): AuditDeclaration {
  const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { meta?: Meta } }>;
  const declaration = procedures[path]?._def.meta?.audit;
  if (!declaration) throw new Error(`${path} declares no audit event`);
  return declaration;
}

/** A REST route's handler: validate, then run the declared action through the audit core. */
function createTeamOverRest(rawInput: Record<string, unknown>, requestId: string) {
  return runAuditedAction(
    {
      path: 'POST /api/v1/teams',
      declaration: declarationOf('teams.create'),
      principal,
      request: { ip: '127.0.0.1', userAgent: null, requestId },
      rawInput,
      orgId: org.orgId,
      log: logger,
    },
    (tx) =>
      createTeam(
        tx,
        roleActorOf({
          org: { id: org.orgId },
          user: { id: org.owner.userId },
          member: { membershipId: org.ownerPerson.membershipId, permissions: new Set(ALL_PERMISSIONS) },
          access: { conditions: {} },
        }),
        ZCreateTeamInput.parse({ ...rawInput, orgSlug: org.slug }),
      ),
  );
}

/** An event minus what differs between two calls by nature: position, request id, the new team's id. */
function comparable({ seq: _seq, request_id: _request, resource_id: _id, ...rest }: AuditRow) {
  return rest;
}

beforeAll(async () => {
  org = await rolesTestOrg('audit-core');
  const [user] = await adminQuery<{ email: string }>('select email from users where id = $1', [org.owner.userId]);
  principal = { type: 'user', userId: org.owner.userId, email: user!.email };
});

describe('the audit core without tRPC', () => {
  it('records a declared action’s success like the tRPC call does, committed with the change', async () => {
    const viaTrpc = await org.ownerPerson.caller.teams.create({ orgSlug: org.slug, name: 'Over tRPC' });
    const viaRest = await createTeamOverRest({ name: 'Over REST' }, 'rest-request-1');

    const [trpcEvent, restEvent, ...more] = await auditRowsOf(org.orgId, 'teams.create');
    expect(more).toEqual([]);
    expect(trpcEvent).toMatchObject({ outcome: 'success', resource_type: 'team', resource_id: viaTrpc.id });
    expect(restEvent).toMatchObject({ outcome: 'success', resource_id: viaRest.id, request_id: 'rest-request-1' });
    expect(comparable(restEvent!)).toEqual(comparable(trpcEvent!));
    // The change and its activity committed with the event.
    const teams = await adminQuery('select 1 from teams where org_id = $1 and id = $2', [org.orgId, viaRest.id]);
    expect(teams).toHaveLength(1);
  });

  it('records a refused action’s failure, with the same reason, after rolling the change back', async () => {
    const before = (await auditRowsOf(org.orgId, 'teams.create')).length;
    const trpcError = await caught(org.ownerPerson.caller.teams.create({ orgSlug: org.slug, name: 'Over REST' }));
    const restError = await caught(createTeamOverRest({ name: 'Over tRPC' }, 'rest-request-2'));
    expect(restError).toMatchObject({ code: 'CONFLICT' });
    expect(trpcError).toMatchObject({ code: 'CONFLICT' });

    const [trpcEvent, restEvent, ...more] = (await auditRowsOf(org.orgId, 'teams.create')).slice(before);
    expect(more).toEqual([]);
    expect(trpcEvent).toMatchObject({ outcome: 'failure', resource_id: null });
    expect(trpcEvent?.reason).toMatch(/^NAME_TAKEN: /);
    expect(restEvent).toMatchObject({ outcome: 'failure', resource_id: null, request_id: 'rest-request-2' });
    expect(comparable(restEvent!)).toEqual({
      ...comparable(trpcEvent!),
      reason: expect.stringMatching(/^NAME_TAKEN: /),
    });
  });
});
