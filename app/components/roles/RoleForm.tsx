/**
 * The role editor form: name, description, permissions grouped by resource (from the catalogue),
 * parent roles, and a live preview of the effective permissions with inherited ones labelled.
 * Checkboxes are native and uncontrolled-by-default so the form also posts without JavaScript;
 * React state only drives the preview and which permissions offer a condition (CEL) input.
 */
import { Form, Link } from '@remix-run/react';
import { Fragment, useId, useState } from 'react';
import type { Catalogue, RoleView } from '../../../server/roles/roleSchemas';
import { SubmitButton, TextAreaField, TextField, type FieldErrors } from '~/components/forms';
import type { Permission } from '~/lib/permissions';
import { previewEffectivePermissions } from './effectivePermissions';
import { ConditionField, ConditionHelp } from './ConditionField';
import { countShown, PermissionGroups } from './PermissionGroups';

export type RoleFormValues = {
  name: string;
  description: string;
  permissions: Permission[];
  /** Conditions (CEL) on directly granted permissions; absent = unconditional. */
  conditions: Partial<Record<Permission, string>>;
  parentIds: string[];
};

function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} role="alert" className="text-sm text-red-600">
      {message}
    </p>
  );
}

export function RoleForm({
  values,
  version,
  roleId,
  roles,
  catalogue,
  fieldErrors,
  submitLabel,
  cancelHref,
}: {
  values: RoleFormValues;
  version: number | null;
  roleId: string | null;
  roles: RoleView[];
  catalogue: Catalogue;
  fieldErrors: FieldErrors;
  submitLabel: string;
  cancelHref: string;
}) {
  const id = useId();
  const [permissions, setPermissions] = useState<Permission[]>(values.permissions);
  const [parentIds, setParentIds] = useState<string[]>(values.parentIds);
  const candidates = roles.filter((role) => role.id !== roleId);
  const preview = previewEffectivePermissions(permissions, parentIds, roles);
  const sources = new Map(preview.map((p) => [p.permission, p]));
  const toggle = <T,>(list: T[], value: T, on: boolean) => (on ? [...list, value] : list.filter((v) => v !== value));
  const parentError = fieldErrors.parentIds?.[0];
  // Grants the editor does not offer (reserved for capabilities not built yet) are kept as they are.
  const offered = new Set(catalogue.flatMap((group) => group.permissions.map((p) => p.key)));
  const kept = values.permissions.filter((permission) => !offered.has(permission));
  const permissionError = fieldErrors.permissions?.[0];

  return (
    <Form method="post" className="space-y-8" noValidate>
      <input type="hidden" name="intent" value="save" />
      {version !== null ? <input type="hidden" name="version" value={version} /> : null}
      <div className="grid gap-4 md:grid-cols-2">
        <TextField
          name="name"
          label="Name"
          defaultValue={values.name}
          required
          maxLength={64}
          errors={fieldErrors.name}
        />
        <TextAreaField
          name="description"
          label="Description"
          defaultValue={values.description}
          maxLength={500}
          rows={2}
          errors={fieldErrors.description}
        />
      </div>

      <fieldset className="space-y-2" aria-describedby={parentError ? `${id}-parents-error` : undefined}>
        <legend className="text-base font-semibold text-gray-900">Inherits from</legend>
        <p className="text-sm text-gray-500">Members holding this role also get everything these roles grant.</p>
        <div className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
          {candidates.map((role) => (
            <label
              key={role.id}
              className="flex items-start gap-2 rounded-md border border-gray-200 p-2 text-sm hover:bg-gray-50"
            >
              <input
                type="checkbox"
                name="parentIds"
                value={role.id}
                defaultChecked={values.parentIds.includes(role.id)}
                onChange={(event) => setParentIds((list) => toggle(list, role.id, event.target.checked))}
                className="mt-0.5 h-4 w-4 rounded border-gray-300 text-blue-600 focus:ring-blue-500"
              />
              <span>
                <span className="font-medium text-gray-900">{role.name}</span>
                {role.isSystem ? <span className="text-xs text-gray-500"> (system)</span> : null}
              </span>
            </label>
          ))}
        </div>
        <FieldError id={`${id}-parents-error`} message={parentError} />
      </fieldset>

      <fieldset className="space-y-4">
        <legend className="text-base font-semibold text-gray-900">Permissions granted directly</legend>
        <FieldError id={`${id}-permissions-error`} message={permissionError} />
        <ConditionHelp id={`${id}-condition-help`} />
        {kept.map((permission) => (
          <Fragment key={permission}>
            <input type="hidden" name="permissions" value={permission} />
            {values.conditions[permission] ? (
              <input type="hidden" name={`condition.${permission}`} value={values.conditions[permission]} />
            ) : null}
          </Fragment>
        ))}
        <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
          {catalogue.map((group) => (
            <fieldset key={group.resource} className="rounded-md border border-gray-200 p-3">
              <legend className="px-1 text-sm font-semibold text-gray-700">{group.label}</legend>
              <ul className="space-y-2">
                {group.permissions.map((p) => {
                  const inherited = sources.get(p.key)?.inheritedFrom ?? [];
                  return (
                    <li key={p.key}>
                      <label className="flex items-start gap-2 text-sm">
                        <input
                          type="checkbox"
                          name="permissions"
                          value={p.key}
                          defaultChecked={values.permissions.includes(p.key)}
                          onChange={(event) => setPermissions((list) => toggle(list, p.key, event.target.checked))}
                          className="mt-0.5 h-4 w-4 rounded border-gray-300 text-blue-600 focus:ring-blue-500"
                        />
                        <span>
                          <span className="font-mono text-xs text-gray-900">{p.key}</span>
                          <span className="block text-gray-600">{p.description}</span>
                          {inherited.length > 0 ? (
                            <span className="block text-xs text-emerald-700">
                              Inherited from {inherited.join(', ')}
                            </span>
                          ) : null}
                        </span>
                      </label>
                      {permissions.includes(p.key) ? (
                        <ConditionField
                          permission={p.key}
                          name={`condition.${p.key}`}
                          defaultValue={values.conditions[p.key] ?? ''}
                          error={fieldErrors[`condition.${p.key}`]?.[0]}
                          helpId={`${id}-condition-help`}
                        />
                      ) : null}
                    </li>
                  );
                })}
              </ul>
            </fieldset>
          ))}
        </div>
      </fieldset>

      <section aria-labelledby={`${id}-effective`} className="space-y-3 rounded-md bg-gray-50 p-4">
        <h2 id={`${id}-effective`} className="text-base font-semibold text-gray-900">
          Effective permissions (
          {countShown(
            catalogue,
            preview.map((p) => p.permission),
          )}
          )
        </h2>
        <PermissionGroups
          catalogue={catalogue}
          permissions={preview.map((p) => p.permission)}
          sourceOf={(permission) => {
            const source = sources.get(permission);
            if (!source || source.inheritedFrom.length === 0) return null;
            return `inherited from ${source.inheritedFrom.join(', ')}`;
          }}
        />
      </section>

      <div className="flex flex-wrap items-center justify-end gap-3">
        <Link to={cancelHref} className="text-sm font-medium text-gray-700 hover:underline">
          Cancel
        </Link>
        <SubmitButton pendingText="Saving…">{submitLabel}</SubmitButton>
      </div>
    </Form>
  );
}
