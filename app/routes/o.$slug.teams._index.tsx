/**
 * The org's teams and departments as a tree, with member counts and leads. Everyone who may read
 * members sees it; members who may manage teams also get the "New team" form (others do not see
 * it at all). A created team appears in the tree at once, with a link to add its members.
 * Creating redirects back to /o/:slug/teams (post/redirect/get), so the URL does not keep the
 * `?index` of the form's post and a reload does not post again.
 */
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useParams } from '@remix-run/react';
import { useStickyActionData } from '~/lib/useStickyActionData';
import { Card, Text } from '~/components/ui/tremor';
import { Can } from '~/components/Can';
import { FormAlert, SubmitButton } from '~/components/forms';
import { throwOrgRouteError } from '~/components/shell/orgRouteErrors.server';
import { TeamFields, type TeamFormValues } from '~/components/teams/TeamFields';
import { TeamTree } from '~/components/teams/TeamTree';
import { readTeamForm, teamFailure, teamInput } from '~/components/teams/teamForm.server';
import { useCan } from '~/lib/permissions';
import { countOf } from '../../server/shared/plural';

export const meta: MetaFunction = () => [{ title: 'Teams · Atrium' }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { caller, headers } = await context.trpc();
  const orgSlug = params.slug ?? '';
  const list = await caller.teams
    .list({ orgSlug })
    .catch((error: unknown) => throwOrgRouteError(error, request, headers));
  const createdId = new URL(request.url).searchParams.get('created');
  const team = createdId ? list.teams.find((t) => t.id === createdId) : undefined;
  return data({ ...list, created: team ? { id: team.id, name: team.name } : null }, { headers });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const { caller, headers } = await context.trpc();
  const orgSlug = params.slug ?? '';
  const draft = readTeamForm(await request.formData());
  try {
    const created = await caller.teams.create({ orgSlug, ...teamInput(draft) });
    return redirect(`/o/${orgSlug}/teams?created=${created.id}`, { headers });
  } catch (error) {
    return teamFailure('create', error, draft, request, headers);
  }
}

const EMPTY: TeamFormValues = { name: '', description: '', kind: 'team', parentId: '' };

function NewTeam({ teams }: { teams: ReturnType<typeof useLoaderData<typeof loader>>['teams'] }) {
  const failure = useStickyActionData<typeof action>() ?? null;
  const { created } = useLoaderData<typeof loader>();
  const slug = useParams().slug ?? '';
  return (
    <Card className="space-y-4">
      <h2 id="new-team" className="text-lg font-semibold text-gray-900">
        New team
      </h2>
      {created ? (
        <CreatedNotice created={created} slug={slug} />
      ) : failure ? (
        <FormAlert message={failure.message} />
      ) : null}
      {/* A new key after each creation empties the form; after a refusal it keeps what was typed. */}
      <Form method="post" className="space-y-4" noValidate aria-labelledby="new-team" key={created?.id ?? 'draft'}>
        <TeamFields values={failure?.draft ?? EMPTY} teams={teams} fieldErrors={failure?.fieldErrors ?? {}} />
        <div className="flex justify-end">
          <SubmitButton pendingText="Creating…">Create team</SubmitButton>
        </div>
      </Form>
    </Card>
  );
}

function CreatedNotice({ created, slug }: { created: { id: string; name: string }; slug: string }) {
  return (
    <div role="status" className="rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-900">
      {created.name} was created.{' '}
      <Link to={`/o/${slug}/teams/${created.id}`} className="font-medium underline">
        Open {created.name} to add members
      </Link>
    </div>
  );
}

export default function TeamsPage() {
  const { teams, limit } = useLoaderData<typeof loader>();
  const slug = useParams().slug ?? '';
  const can = useCan();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-tremor-title font-semibold text-tremor-content-strong">Teams</h1>
        <Text className="mt-1">
          Departments and the teams inside them. A member can belong to several teams, and a team can have several
          leads.
        </Text>
      </div>
      <Card>
        <section aria-labelledby="team-tree" className="space-y-3">
          <h2 id="team-tree" className="text-lg font-semibold text-gray-900">
            Organization tree
          </h2>
          {teams.length === 0 ? (
            <Text>
              No teams yet.{' '}
              {can('teams:manage')
                ? 'Create the first one below — a department, or a team on its own.'
                : 'Someone who manages teams can create them.'}
            </Text>
          ) : (
            <TeamTree teams={teams} hrefOf={(id) => `/o/${slug}/teams/${id}`} />
          )}
          {teams.length >= limit ? (
            <Text>This organization has reached the limit of {countOf(limit, 'team')}.</Text>
          ) : null}
        </section>
      </Card>
      <Can permission="teams:manage">
        <NewTeam teams={teams} />
      </Can>
    </div>
  );
}
