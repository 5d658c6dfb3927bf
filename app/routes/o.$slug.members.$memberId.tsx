/**
 * One member: who they are, their profile attributes and manager, their roles, and what can be
 * done with their membership. Everyone with users:read sees the page; the profile form and the
 * lifecycle actions appear only for users:manage, the roles editor and "Explain access" only for
 * roles:manage — never a disabled control standing in for a permission.
 */
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useParams, useSearchParams } from '@remix-run/react';
import { useStickyActionData } from '~/lib/useStickyActionData';
import { Card, Text } from '~/components/ui/tremor';
import { MemberLifecycle, availableActions } from '~/components/members/MemberLifecycle';
import { MemberProfileForm } from '~/components/members/MemberProfileForm';
import { MemberRolesForm } from '~/components/members/MemberRolesForm';
import { isLifecycleIntent } from '~/components/members/memberForms';
import { loadMemberPage, runLifecycle, saveProfile, saveRoles } from '~/components/members/memberPage.server';
import { StatusBadge } from '~/components/members/StatusBadge';
import { OnlineIndicator } from '~/components/presence';
import { useCan } from '~/lib/permissions';

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: loaded ? `${loaded.member.name} · Members · Atrium` : 'Member · Atrium' },
];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function memberIdOf(params: LoaderFunctionArgs['params'], headers: Headers): string {
  const id = params.memberId ?? '';
  if (!UUID.test(id)) throw data('Not found', { status: 404, headers });
  return id;
}

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { caller, headers } = await context.trpc();
  const orgSlug = params.slug ?? '';
  const page = await loadMemberPage(caller, orgSlug, memberIdOf(params, headers), request, headers);
  return data(page, { headers });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const { caller, headers } = await context.trpc();
  const orgSlug = params.slug ?? '';
  const membershipId = memberIdOf(params, headers);
  const form = await request.formData();
  const intent = form.get('intent');
  if (intent === 'profile') return saveProfile(caller, orgSlug, membershipId, form, request, headers);
  if (intent === 'roles') return saveRoles(caller, orgSlug, membershipId, form, request, headers);
  if (isLifecycleIntent(intent)) return runLifecycle(caller, orgSlug, membershipId, intent, request, headers);
  throw data('Unknown action', { status: 400, headers });
}

function Attribute({ label, value }: { label: string; value: string | null }) {
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-gray-500">{label}</dt>
      <dd className="mt-0.5 text-sm text-gray-900">{value ?? '—'}</dd>
    </div>
  );
}

export default function MemberPage() {
  const { member, managerOptions, roles, isOwner } = useLoaderData<typeof loader>();
  const result = useStickyActionData<typeof action>();
  const [search] = useSearchParams();
  const can = useCan();
  const orgPath = `/o/${useParams().slug ?? ''}`;
  const here = `${orgPath}/members/${member.membershipId}`;

  const profile = result && result.intent === 'profile' ? result : null;
  const rolesResult = result && result.intent === 'roles' ? result : null;
  const lifecycleError = result && isLifecycleIntent(result.intent) && !result.ok ? result.message : null;
  const confirm = search.get('confirm');
  const done = search.get('done');
  const failedProfile = profile && !profile.ok ? profile : null;
  const profileValues = failedProfile?.draft ?? {
    department: member.attributes.department ?? '',
    region: member.attributes.region ?? '',
    title: member.attributes.title ?? '',
    managerMembershipId: member.manager?.membershipId ?? '',
  };
  // The server refuses any change to a member who holds a permission the caller lacks.
  const mayChange = member.isSelf || member.permissionsYouLack.length === 0;
  const heldRoleIds = rolesResult && !rolesResult.ok ? rolesResult.roleIds : member.roles.map((r) => r.id);

  return (
    <div className="space-y-6">
      <Link to={`${orgPath}/members`} className="text-sm font-medium text-blue-700 hover:underline">
        ← All members
      </Link>
      <Card className="space-y-4">
        <div className="flex flex-wrap items-start justify-between gap-4">
          <div>
            <h1 className="flex items-center gap-2 text-tremor-title font-semibold text-tremor-content-strong">
              <OnlineIndicator membershipId={member.membershipId} />
              {member.name}
              {member.isSelf ? <span className="text-sm font-normal text-gray-500">(you)</span> : null}
            </h1>
            <Text className="mt-1">{member.email}</Text>
          </div>
          <div className="flex items-center gap-3">
            <StatusBadge status={member.status} />
            {can('roles:manage') ? (
              <Link
                to={`${orgPath}/roles/explain?member=${member.membershipId}`}
                className="text-sm font-medium text-blue-700 hover:underline"
              >
                Explain access
              </Link>
            ) : null}
          </div>
        </div>
        <dl className="grid gap-4 sm:grid-cols-3">
          <Attribute label="Department" value={member.attributes.department} />
          <Attribute label="Region" value={member.attributes.region} />
          <Attribute label="Title" value={member.attributes.title} />
          <Attribute label="Manager" value={member.manager ? member.manager.name : null} />
          <Attribute label="Roles" value={member.roles.map((r) => r.name).join(', ') || null} />
          <Attribute label="Teams" value={member.teams.map((t) => t.name).join(', ') || null} />
          <Attribute label="Joined" value={member.joinedAt.toISOString().slice(0, 10)} />
          {member.deactivatedAt ? (
            <Attribute label="Deactivated" value={member.deactivatedAt.toISOString().slice(0, 10)} />
          ) : null}
        </dl>
      </Card>

      {(can('users:manage') || can('roles:manage')) && !member.isSelf && member.permissionsYouLack.length > 0 ? (
        <section
          aria-labelledby="cannot-change"
          className="rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900"
        >
          <h2 id="cannot-change" className="font-semibold">
            You cannot change {member.name}
          </h2>
          <p className="mt-1">
            They hold permissions you do not:{' '}
            {member.permissionsYouLack.map((p) => `${p.description} (${p.key})`).join('; ')}. Only someone who holds
            every permission they hold, such as an Owner, can change their profile, roles or access.
          </p>
        </section>
      ) : null}

      {can('users:manage') && mayChange ? (
        <Card>
          <MemberProfileForm
            key={`${member.version}-${failedProfile ? 'failed' : 'ok'}`}
            values={profileValues}
            version={member.version}
            managerOptions={managerOptions}
            fieldErrors={failedProfile?.fieldErrors ?? {}}
            message={failedProfile?.message ?? null}
            isStale={failedProfile?.isStale ?? false}
            saved={Boolean(profile?.ok)}
            reloadHref={here}
          />
        </Card>
      ) : null}

      {can('roles:manage') && roles && mayChange ? (
        <Card>
          <MemberRolesForm
            key={member.roles.map((r) => r.id).join(',')}
            roles={roles}
            held={heldRoleIds}
            message={rolesResult && !rolesResult.ok ? rolesResult.message : null}
            saved={Boolean(rolesResult?.ok)}
          />
        </Card>
      ) : null}

      {can('users:manage') && mayChange ? (
        <MemberLifecycle
          member={member}
          actions={availableActions(member, isOwner)}
          confirm={isLifecycleIntent(confirm) ? confirm : null}
          error={lifecycleError}
          done={isLifecycleIntent(done) ? done : null}
          here={here}
        />
      ) : null}
    </div>
  );
}
