/**
 * One team's page. Everyone who may read members sees where it sits in the tree, its sub-teams
 * and its members with their leads. Members who may manage teams also get the editor (a versioned
 * save: a stale one is refused with the other admin's values shown), the add-members picker,
 * lead and remove buttons, and delete with a confirmation. Others never see those controls.
 */
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useParams } from '@remix-run/react';
import { useStickyActionData } from '~/lib/useStickyActionData';
import { TRPCError } from '@trpc/server';
import { Card, Text } from '~/components/ui/tremor';
import { Badge } from '~/components/Badge';
import { FormAlert, SubmitButton } from '~/components/forms';
import { PresenceBar } from '~/components/presence/PresenceBar';
import { throwOrgRouteError } from '~/components/shell/orgRouteErrors.server';
import { AddMembers } from '~/components/teams/AddMembers';
import { DeleteTeam, TOP_LEVEL } from '~/components/teams/DeleteTeam';
import { StaleTeamNotice } from '~/components/teams/StaleTeamNotice';
import { TeamFields } from '~/components/teams/TeamFields';
import { TeamMemberList } from '~/components/teams/TeamMemberList';
import { readTeamForm, teamFailure, teamInput, text } from '~/components/teams/teamForm.server';
import { useCan } from '~/lib/permissions';
import { countOf } from '../../server/shared/plural';

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: loaded ? `${loaded.team.name} · Teams · Atrium` : 'Team · Atrium' },
];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { caller, headers } = await context.trpc();
  const orgSlug = params.slug ?? '';
  const teamId = params.teamId ?? '';
  if (!UUID.test(teamId)) throw data('Not found', { status: 404, headers });
  const query = (new URL(request.url).searchParams.get('q') ?? '').trim().slice(0, 100);
  const [team, list, current] = await Promise.all([
    caller.teams.get({ orgSlug, teamId }),
    caller.teams.list({ orgSlug }),
    caller.orgs.current({ orgSlug }),
  ]).catch((error: unknown) => throwOrgRouteError(error, request, headers));
  // The picker is for members who may manage teams; asking without the permission would be a
  // refused call (and an audit event) on every view.
  const search = current.permissions.includes('teams:manage')
    ? await caller.teams.searchMembers({ orgSlug, query, teamId }).catch((error: unknown) => {
        // Held only under a condition that does not hold now (an IP allowlist, say).
        if (error instanceof TRPCError && error.code === 'FORBIDDEN') return null;
        throw error;
      })
    : null;
  const teams = list.teams.map(({ id, name, parentId }) => ({ id, name, parentId }));
  return data({ team, teams, query, search }, { headers });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const { caller, headers } = await context.trpc();
  const orgSlug = params.slug ?? '';
  const teamId = params.teamId ?? '';
  const form = await request.formData();
  const intent = text(form, 'intent');
  const version = Number(text(form, 'version'));

  if (intent === 'save') {
    const draft = readTeamForm(form);
    try {
      const saved = await caller.teams.update({ orgSlug, teamId, version, ...teamInput(draft) });
      return data({ intent: 'save' as const, ok: true as const, message: `${saved.name} was saved.` }, { headers });
    } catch (error) {
      return teamFailure('save', error, draft, request, headers);
    }
  }
  if (intent === 'delete') {
    const target = text(form, 'reparentChildrenTo');
    try {
      await caller.teams.delete({
        orgSlug,
        teamId,
        ...(Number.isInteger(version) && version > 0 ? { version } : {}),
        ...(target ? { reparentChildrenTo: { parentId: target === TOP_LEVEL ? null : target } } : {}),
      });
    } catch (error) {
      return teamFailure('delete', error, null, request, headers);
    }
    throw redirect(`/o/${orgSlug}/teams`, { headers });
  }
  const membershipId = text(form, 'membershipId');
  try {
    if (intent === 'addMembers') {
      const membershipIds = form.getAll('membershipIds').filter((v): v is string => typeof v === 'string');
      const { added } = await caller.teams.addMembers({ orgSlug, teamId, membershipIds });
      const message = added === 0 ? 'They were already in the team.' : `Added ${countOf(added, 'member')}.`;
      return data({ intent: 'addMembers' as const, ok: true as const, message }, { headers });
    }
    if (intent === 'removeMember') {
      await caller.teams.removeMember({ orgSlug, teamId, membershipId });
      return data(
        { intent: 'removeMember' as const, ok: true as const, message: 'Removed from the team.' },
        { headers },
      );
    }
    if (intent === 'setLead') {
      const isLead = text(form, 'isLead') === 'true';
      await caller.teams.setLead({ orgSlug, teamId, membershipId, isLead });
      return data(
        { intent: 'setLead' as const, ok: true as const, message: isLead ? 'Marked as a lead.' : 'No longer a lead.' },
        { headers },
      );
    }
  } catch (error) {
    return teamFailure(intent as 'addMembers' | 'removeMember' | 'setLead', error, null, request, headers);
  }
  throw data('Unknown action', { status: 400, headers });
}

const KIND_LABEL = { team: 'Team', department: 'Department' } as const;

export default function TeamPage() {
  const loaded = useLoaderData<typeof loader>();
  const { teams, query, search } = loaded;
  const result = useStickyActionData<typeof action>();
  // A refused save does not revalidate the loader: the other admin's version comes with the refusal.
  const latest = result && !result.ok && result.latest ? result.latest : null;
  const team = latest && latest.version > loaded.team.version ? latest : loaded.team;
  const slug = useParams().slug ?? '';
  const can = useCan();
  const canManage = can('teams:manage');
  const here = `/o/${slug}/teams/${team.id}`;
  const failed = result && !result.ok ? result : null;
  const saveFailure = failed?.intent === 'save' ? failed : null;
  const memberIntents = ['addMembers', 'removeMember', 'setLead'];
  const memberResult = result && memberIntents.includes(result.intent) ? result : null;
  const nameOf = (id: string) => teams.find((t) => t.id === id)?.name ?? 'an unknown team';
  const values = saveFailure?.draft ?? {
    name: team.name,
    description: team.description,
    kind: team.kind,
    parentId: team.parentId ?? '',
  };

  return (
    <div className="space-y-6">
      <nav aria-label="Team path" className="text-sm text-gray-600">
        <ol className="flex flex-wrap items-center gap-1">
          <li>
            <Link to={`/o/${slug}/teams`} className="text-blue-700 hover:underline">
              Teams
            </Link>
          </li>
          {team.path.map((ancestor) => (
            <li key={ancestor.id} className="flex items-center gap-1">
              <span aria-hidden="true">/</span>
              <Link to={`/o/${slug}/teams/${ancestor.id}`} className="text-blue-700 hover:underline">
                {ancestor.name}
              </Link>
            </li>
          ))}
          <li className="flex items-center gap-1" aria-current="page">
            <span aria-hidden="true">/</span>
            {team.name}
          </li>
        </ol>
      </nav>

      <Card className="space-y-4">
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="text-tremor-title font-semibold text-tremor-content-strong">{team.name}</h1>
          <Badge color={team.kind === 'department' ? 'indigo' : 'gray'}>{KIND_LABEL[team.kind]}</Badge>
        </div>
        {canManage ? null : <PresenceBar resource={`team:${team.id}`} mode="viewing" />}
        {team.description ? <Text>{team.description}</Text> : null}
        {team.children.length > 0 ? (
          <div>
            <h2 className="text-sm font-semibold text-gray-900">Sub-teams</h2>
            <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-sm">
              {team.children.map((child) => (
                <li key={child.id}>
                  <Link to={`/o/${slug}/teams/${child.id}`} className="text-blue-700 hover:underline">
                    {child.name}
                  </Link>{' '}
                  <span className="text-gray-600">({countOf(child.memberCount, 'member')})</span>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </Card>

      {canManage ? (
        <Card className="space-y-4">
          <h2 id="edit-team" className="text-lg font-semibold text-gray-900">
            Edit team
          </h2>
          {result?.intent === 'save' && result.ok ? <FormAlert tone="success" message={result.message} /> : null}
          {saveFailure?.latest ? (
            <StaleTeamNotice
              message={saveFailure.message}
              latest={saveFailure.latest}
              draft={saveFailure.draft}
              parentName={nameOf}
              reloadHref={here}
            />
          ) : saveFailure ? (
            <FormAlert message={saveFailure.message} />
          ) : null}
          {/* Re-keyed when the saved version changes, so the form never holds values older than its version. */}
          <Form
            method="post"
            className="space-y-4"
            noValidate
            aria-labelledby="edit-team"
            key={`${team.version}-${saveFailure ? 'draft' : 'saved'}`}
          >
            <PresenceBar resource={`team:${team.id}`} />
            <input type="hidden" name="intent" value="save" />
            <input type="hidden" name="version" value={team.version} />
            <TeamFields values={values} teams={teams} teamId={team.id} fieldErrors={saveFailure?.fieldErrors ?? {}} />
            <div className="flex justify-end">
              <SubmitButton pendingText="Saving…">Save team</SubmitButton>
            </div>
          </Form>
        </Card>
      ) : null}

      <Card className="space-y-4">
        <h2 className="text-lg font-semibold text-gray-900">Members ({team.members.length})</h2>
        {memberResult && memberResult.intent !== 'addMembers' ? (
          <FormAlert tone={memberResult.ok ? 'success' : 'error'} message={memberResult.message} />
        ) : null}
        <TeamMemberList members={team.members} teamName={team.name} canManage={canManage} />
        {canManage && search ? (
          <div className="border-t border-gray-100 pt-4">
            {memberResult?.intent === 'addMembers' && memberResult.ok ? (
              <FormAlert tone="success" message={memberResult.message} />
            ) : null}
            <AddMembers
              query={query}
              results={search}
              teamName={team.name}
              error={memberResult?.intent === 'addMembers' && !memberResult.ok ? memberResult.message : undefined}
            />
          </div>
        ) : null}
      </Card>

      {canManage ? (
        <Card>
          <DeleteTeam team={team} teams={teams} error={failed?.intent === 'delete' ? failed.message : undefined} />
        </Card>
      ) : null}
    </div>
  );
}
