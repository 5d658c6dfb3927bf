/**
 * The server half of the member page: what it loads (the member; for managers the people who can
 * be their manager; for role managers the org's roles) and what each form posts — profile,
 * roles, and the lifecycle actions — turned into procedure calls and, on refusal, into messages
 * shown beside the form with what was typed kept.
 */
import { data, redirect } from '@remix-run/node';
import { TRPCError } from '@trpc/server';
import type { TrpcLoadContext } from '../../../server/remix/loadContext';
import { MAX_PAGE_SIZE } from '../../../server/shared/memberSchemas';
import { throwOrgRouteError } from '~/components/shell/orgRouteErrors.server';
import { errorDetailsOf, toActionFailure } from '~/lib/errors';
import type { LifecycleIntent, ProfileDraft } from './memberForms';

type Caller = TrpcLoadContext['caller'];

export async function loadMemberPage(
  caller: Caller,
  orgSlug: string,
  membershipId: string,
  request: Request,
  headers: Headers,
) {
  const fail = (error: unknown) => throwOrgRouteError(error, request, headers);
  const [member, current] = await Promise.all([
    caller.members.get({ orgSlug, membershipId }),
    caller.orgs.current({ orgSlug }),
  ]).catch(fail);
  const canManage = current.permissions.includes('users:manage');
  const canManageRoles = current.permissions.includes('roles:manage');
  const [candidates, roles] = await Promise.all([
    canManage
      ? caller.members.list({ orgSlug, status: 'active', sort: 'name', pageSize: MAX_PAGE_SIZE }).catch(fail)
      : null,
    canManageRoles ? caller.roles.list({ orgSlug }).catch(fail) : null,
  ]);
  const managerOptions = (candidates?.rows ?? [])
    .filter((row) => row.membershipId !== member.membershipId)
    .map((row) => ({ membershipId: row.membershipId, name: row.name, email: row.email }));
  // The current manager stays selectable even when they are not among the first page of names.
  if (member.manager && !managerOptions.some((o) => o.membershipId === member.manager?.membershipId)) {
    managerOptions.unshift(member.manager);
  }
  return {
    member,
    managerOptions,
    roles: roles?.map((role) => ({ id: role.id, name: role.name, description: role.description })) ?? null,
    isOwner: current.roles.includes('Owner'),
  };
}

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

/** Not this page's problem (signed out, not a member any more): the login, 404 or 403 page. */
function rethrowRouteErrors(error: unknown, request: Request, headers: Headers): void {
  if (error instanceof TRPCError && ['UNAUTHORIZED', 'NOT_FOUND'].includes(error.code)) {
    throwOrgRouteError(error, request, headers);
  }
}

export async function saveProfile(
  caller: Caller,
  orgSlug: string,
  membershipId: string,
  form: FormData,
  request: Request,
  headers: Headers,
) {
  const draft: ProfileDraft = {
    department: text(form, 'department'),
    region: text(form, 'region'),
    title: text(form, 'title'),
    managerMembershipId: text(form, 'managerMembershipId'),
  };
  try {
    const saved = await caller.members.updateAttributes({
      orgSlug,
      membershipId,
      version: Number(text(form, 'version')),
      department: draft.department,
      region: draft.region,
      title: draft.title,
      managerMembershipId: draft.managerMembershipId || null,
    });
    return data({ intent: 'profile' as const, ok: true as const, changed: saved.changed }, { headers });
  } catch (error) {
    rethrowRouteErrors(error, request, headers);
    const failure = toActionFailure(error);
    const details = errorDetailsOf(error);
    const fieldErrors = { ...failure.fieldErrors };
    if (typeof details.field === 'string' && details.field !== 'version')
      fieldErrors[details.field] = [failure.message];
    return data(
      {
        intent: 'profile' as const,
        ok: false as const,
        message: failure.message,
        fieldErrors,
        draft,
        isStale: details.field === 'version',
      },
      { status: 400, headers },
    );
  }
}

export async function saveRoles(
  caller: Caller,
  orgSlug: string,
  membershipId: string,
  form: FormData,
  request: Request,
  headers: Headers,
) {
  const roleIds = form.getAll('roleIds').filter((v): v is string => typeof v === 'string' && v !== '');
  try {
    const saved = await caller.roles.setMemberRoles({ orgSlug, membershipId, roleIds });
    return data({ intent: 'roles' as const, ok: true as const, roles: saved.roles.map((r) => r.name) }, { headers });
  } catch (error) {
    rethrowRouteErrors(error, request, headers);
    const failure = toActionFailure(error);
    const message = failure.fieldErrors.roleIds?.[0] ?? failure.message;
    return data({ intent: 'roles' as const, ok: false as const, message, roleIds }, { status: 400, headers });
  }
}

export async function runLifecycle(
  caller: Caller,
  orgSlug: string,
  membershipId: string,
  intent: LifecycleIntent,
  request: Request,
  headers: Headers,
) {
  const input = { orgSlug, membershipId };
  const here = `/o/${orgSlug}/members/${membershipId}`;
  try {
    if (intent === 'deactivate') await caller.members.deactivate(input);
    if (intent === 'reactivate') await caller.members.reactivate(input);
    if (intent === 'transfer') await caller.members.transferOwnership(input);
    if (intent === 'remove') {
      await caller.members.remove(input);
      return redirect(`/o/${orgSlug}/members?removed=1`, { headers });
    }
  } catch (error) {
    rethrowRouteErrors(error, request, headers);
    const { message } = toActionFailure(error);
    return data({ intent, ok: false as const, message }, { status: 400, headers });
  }
  return redirect(`${here}?done=${intent}`, { headers });
}
