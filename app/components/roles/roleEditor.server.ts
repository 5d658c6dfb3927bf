/**
 * The server half of the role editor pages: their loader data (only for members who may manage
 * roles — others get the 403 page, never a disabled form), reading the submitted form, and turning
 * a refused save into what the form shows inline (cycle, taken name, stale version, escalation).
 */
import { data } from '@remix-run/node';
import { TRPCError } from '@trpc/server';
import { isPermission, type Permission } from '../../../server/shared/permissions';
import type { RoleView } from '../../../server/roles/roleSchemas';
import type { TrpcLoadContext } from '../../../server/remix/loadContext';
import { throwMissingPermission, throwOrgRouteError } from '~/components/shell/orgRouteErrors.server';
import { errorCodeOf, errorDetailsOf, toActionFailure } from '~/lib/errors';
import type { FieldErrors } from '~/components/forms';

type Caller = TrpcLoadContext['caller'];

/** Refuses the page (403) unless the member may manage roles. */
export async function requireRoleManager(caller: Caller, orgSlug: string, request: Request, headers: Headers) {
  const current = await caller.orgs
    .current({ orgSlug })
    .catch((error: unknown) => throwOrgRouteError(error, request, headers));
  if (!current.permissions.includes('roles:manage')) throwMissingPermission('roles:manage', headers);
}

export async function loadRolesAndCatalogue(caller: Caller, orgSlug: string, request: Request, headers: Headers) {
  const [roles, catalogue] = await Promise.all([
    caller.roles.list({ orgSlug }),
    caller.roles.catalogue({ orgSlug }),
  ]).catch((error: unknown) => throwOrgRouteError(error, request, headers));
  return { roles, catalogue };
}

export type RoleDraft = {
  name: string;
  description: string;
  permissions: Permission[];
  /** The condition (CEL) typed for a checked permission; absent or blank = unconditional. */
  conditions: Partial<Record<Permission, string>>;
  parentIds: string[];
};

/** The form field holding the condition for one permission. */
export const conditionField = (permission: string) => `condition.${permission}`;

/** What create/update accept: each checked permission as a grant, with its condition when one was typed. */
export function roleInput(draft: RoleDraft) {
  return {
    name: draft.name,
    description: draft.description,
    grants: draft.permissions.map((permission) => {
      const condition = draft.conditions[permission]?.trim();
      return condition ? { permission, condition } : { permission };
    }),
    parentIds: draft.parentIds,
  };
}

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

export function readRoleForm(form: FormData): RoleDraft & { version: number } {
  const permissions = form
    .getAll('permissions')
    .filter((v): v is Permission => typeof v === 'string' && isPermission(v));
  const conditions: Partial<Record<Permission, string>> = {};
  for (const permission of permissions) {
    const condition = text(form, conditionField(permission));
    if (condition.trim() !== '') conditions[permission] = condition;
  }
  return {
    name: text(form, 'name'),
    description: text(form, 'description'),
    permissions,
    conditions,
    parentIds: form.getAll('parentIds').filter((v): v is string => typeof v === 'string' && v !== ''),
    version: Number(text(form, 'version')),
  };
}

export type RoleSaveFailure = {
  ok: false;
  message: string;
  fieldErrors: FieldErrors;
  draft: RoleDraft | null;
  /** On a stale-version refusal: what the other admin saved. */
  latest: RoleView | null;
  missingPermissions: string[];
};

/** The permission whose condition an INVALID_CONDITION refusal is about, from its details. */
function conditionPermissionOf(details: Record<string, unknown>): Permission | null {
  return typeof details.permission === 'string' && isPermission(details.permission) ? details.permission : null;
}

/** A refused save as inline errors; refusals that mean "not your page" become the 404/403/login page. */
export async function roleSaveFailure(
  error: unknown,
  draft: RoleDraft,
  request: Request,
  headers: Headers,
  /** For an edit: the role as saved now, to tell a stale version from a taken name when details are absent. */
  edited?: { version: number; load: () => Promise<RoleView> },
) {
  const details = errorDetailsOf(error);
  if (error instanceof TRPCError && error.code === 'CONFLICT' && !details.field && !details.current) {
    const latest = edited ? await edited.load().catch(() => null) : null;
    if (latest && latest.version !== edited?.version) details.current = latest;
    else details.field = 'name';
  }
  const failure = (status: number, extra: Partial<RoleSaveFailure>) =>
    data(
      {
        ok: false as const,
        message: extra.message ?? '',
        fieldErrors: extra.fieldErrors ?? {},
        draft: 'draft' in extra ? (extra.draft ?? null) : draft,
        latest: extra.latest ?? null,
        missingPermissions: extra.missingPermissions ?? [],
      } satisfies RoleSaveFailure,
      { status, headers },
    );
  if (error instanceof TRPCError) {
    if (error.code === 'UNAUTHORIZED' || (error.code === 'NOT_FOUND' && !('roleId' in details))) {
      throwOrgRouteError(error, request, headers);
    }
    if (error.code === 'CONFLICT' && details.field === 'name') {
      return failure(409, { message: error.message, fieldErrors: { name: [error.message] } });
    }
    if (error.code === 'CONFLICT' && details.current && typeof details.current === 'object') {
      return failure(409, { message: error.message, latest: details.current as RoleView });
    }
    if (error.code === 'BAD_REQUEST' && details.field === 'parentIds') {
      return failure(400, { message: error.message, fieldErrors: { parentIds: [error.message] } });
    }
    if (errorCodeOf(error) === 'INVALID_CONDITION') {
      const permission = conditionPermissionOf(details);
      if (permission) {
        return failure(400, { message: error.message, fieldErrors: { [conditionField(permission)]: [error.message] } });
      }
    }
    if (error.code === 'FORBIDDEN') {
      const missing = Array.isArray(details.missingPermissions) ? details.missingPermissions.map(String) : [];
      return failure(403, { message: error.message, missingPermissions: missing });
    }
  }
  const { message, fieldErrors } = toActionFailure(error);
  return failure(400, { message, fieldErrors });
}
