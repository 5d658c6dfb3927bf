/**
 * The organization profile form (name, billing address, tax ID, allowed email domains) and its
 * logo (uploaded to the logo route, o.$slug.logo.tsx). Only members who may update
 * the org get the page at all. Saving is optimistic-concurrency checked: when someone else saved
 * first, the form shows their values and says so instead of overwriting them.
 */
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useParams, useRouteLoaderData, useSearchParams } from '@remix-run/react';
import { useStickyActionData } from '~/lib/useStickyActionData';
import { TRPCError } from '@trpc/server';
import { Card, Text } from '~/components/ui/tremor';
import { useId, useState } from 'react';
import { ZodError } from 'zod';
import { FormAlert, SubmitButton, TextAreaField, TextField, type FieldErrors } from '~/components/forms';
import { PresenceBar } from '~/components/presence/PresenceBar';
import { throwMissingPermission, throwOrgRouteError } from '~/components/shell/orgRouteErrors.server';
import { toActionFailure } from '~/lib/errors';
import { ORG_LAYOUT_ROUTE_ID } from '~/lib/permissions';
import { MAX_ALLOWED_DOMAINS, splitDomainList } from '../../server/shared/allowedDomains';
import { countryOptions } from '../../server/shared/countries';
import { LOGO_MAX_KB, logoMessage } from '../../server/shared/logoMessages';
import { taxIdHint } from '../../server/shared/vat';

export const meta: MetaFunction = () => [{ title: 'Organization settings · Atrium' }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { caller, headers } = await context.trpc();
  const orgSlug = params.slug ?? '';
  const loaded = await Promise.all([caller.orgs.current({ orgSlug }), caller.orgs.profile({ orgSlug })]).catch(
    (error: unknown) => throwOrgRouteError(error, request, headers),
  );
  const [current, profile] = loaded;
  if (!current.permissions.includes('org:update')) {
    throwMissingPermission('org:update', headers);
  }
  return data({ profile }, { headers });
}

function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

const ADDRESS_FIELDS = ['line1', 'line2', 'city', 'postalCode', 'region', 'country'] as const;

/** The form's flat fields as the procedure's input; an address left entirely blank is "none". */
function profileInput(form: FormData) {
  const address = Object.fromEntries(ADDRESS_FIELDS.map((name) => [name, field(form, `billingAddress.${name}`)]));
  const hasAddress = Object.values(address).some((value) => value.trim() !== '');
  return {
    version: Number(field(form, 'version')),
    name: field(form, 'name'),
    billingAddress: hasAddress ? (address as Record<(typeof ADDRESS_FIELDS)[number], string>) : null,
    taxId: field(form, 'taxId'),
    allowedEmailDomains: splitDomainList(field(form, 'allowedEmailDomains')),
  };
}

/** Field errors keyed by the input path ("billingAddress.city"), which is also the form field's name. */
function fieldErrorsByPath(error: ZodError): FieldErrors {
  const errors: Record<string, string[]> = {};
  for (const issue of error.issues) (errors[issue.path.join('.')] ??= []).push(issue.message);
  return errors;
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const { caller, headers } = await context.trpc();
  const orgSlug = params.slug ?? '';
  const input = profileInput(await request.formData());
  try {
    const { profile, changed } = await caller.orgs.updateProfile({ orgSlug, ...input });
    const message = changed.length ? 'The organization profile was saved.' : 'Nothing changed.';
    return data({ ok: true as const, message, profile, draft: null, fieldErrors: {} as FieldErrors }, { headers });
  } catch (error) {
    if (error instanceof TRPCError && error.code === 'CONFLICT') {
      const latest = await caller.orgs.profile({ orgSlug });
      return data(
        { ok: false as const, message: error.message, profile: latest, draft: null, fieldErrors: {} as FieldErrors },
        { status: 409, headers },
      );
    }
    if (error instanceof TRPCError && ['UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND'].includes(error.code)) {
      throwOrgRouteError(error, request, headers);
    }
    const failure = toActionFailure(error);
    const fieldErrors =
      error instanceof TRPCError && error.cause instanceof ZodError ? fieldErrorsByPath(error.cause) : {};
    // The submitted values come back so the form shows what was typed, even without JavaScript.
    const draft = {
      name: input.name,
      billingAddress: input.billingAddress,
      taxId: input.taxId,
      allowedEmailDomains: input.allowedEmailDomains,
    };
    return data(
      { ok: false as const, message: failure.message, profile: null, draft, fieldErrors },
      { status: 400, headers },
    );
  }
}

function CountrySelect({
  value,
  onChange,
  errors,
}: {
  value: string;
  onChange: (code: string) => void;
  errors?: string[];
}) {
  const id = useId();
  const message = errors?.[0];
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-gray-700">
        Country
      </label>
      <select
        id={id}
        name="billingAddress.country"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={message ? true : undefined}
        aria-describedby={message ? `${id}-error` : undefined}
        className={`block w-full rounded-md border bg-white px-3 py-2 text-sm shadow-sm focus:outline-none focus:ring-2 focus:ring-blue-500 ${
          message ? 'border-red-500' : 'border-gray-300'
        }`}
      >
        <option value="">Choose a country…</option>
        {countryOptions().map((country) => (
          <option key={country.code} value={country.code}>
            {country.name}
          </option>
        ))}
      </select>
      {message ? (
        <p id={`${id}-error`} role="alert" className="text-sm text-red-600">
          {message}
        </p>
      ) : null}
    </div>
  );
}

function DomainsField({ defaultValue, errors }: { defaultValue: string; errors?: string[] }) {
  return (
    <TextAreaField
      name="allowedEmailDomains"
      label="Allowed email domains"
      rows={3}
      defaultValue={defaultValue}
      placeholder="acme.com"
      errors={errors}
      hint={`Invitations go only to addresses at these domains (one per line, up to ${MAX_ALLOWED_DOMAINS}). Leave empty to allow any address.`}
    />
  );
}

/** The logo: a preview, an upload form and Remove, posting to the logo route (works without JavaScript). */
function LogoSection({ slug }: { slug: string }) {
  const layout = useRouteLoaderData<{ org: { logoVersion: number | null } }>(ORG_LAYOUT_ROUTE_ID);
  const version = layout?.org.logoVersion ?? null;
  const notice = logoMessage(useSearchParams()[0].get('logo'));
  const action = `/o/${slug}/logo`;
  return (
    <Card className="max-w-3xl space-y-4">
      <h2 className="text-lg font-semibold text-gray-900">Logo</h2>
      {notice ? <FormAlert message={notice.text} tone={notice.ok ? 'success' : 'error'} /> : null}
      <div className="flex items-center gap-4">
        {version ? (
          <img src={`${action}?v=${version}`} alt="Current logo" className="h-16 w-16 rounded border object-contain" />
        ) : (
          <Text>No logo yet.</Text>
        )}
        {version ? (
          <Form method="post" action={action}>
            <input type="hidden" name="intent" value="remove" />
            <SubmitButton variant="secondary" pendingText="Removing…">
              Remove logo
            </SubmitButton>
          </Form>
        ) : null}
      </div>
      <Form method="post" action={action} encType="multipart/form-data" className="flex flex-wrap items-end gap-3">
        <label className="block text-sm font-medium text-gray-700">
          Logo image
          <input
            type="file"
            name="logo"
            accept="image/png,image/jpeg,image/webp"
            required
            className="mt-1 block text-sm text-gray-700"
          />
        </label>
        <SubmitButton pendingText="Uploading…">Upload logo</SubmitButton>
      </Form>
      <Text>PNG, JPEG or WebP, up to {LOGO_MAX_KB} KB.</Text>
    </Card>
  );
}

type Profile = ReturnType<typeof useLoaderData<typeof loader>>['profile'];
type Draft = Pick<Profile, 'name' | 'taxId' | 'allowedEmailDomains'> & {
  billingAddress: Partial<NonNullable<Profile['billingAddress']>> | null;
};

function ProfileForm({
  profile,
  draft,
  fieldErrors,
}: {
  profile: Profile;
  draft: Draft | null;
  fieldErrors: FieldErrors;
}) {
  const shown: Draft = draft ?? profile;
  const [country, setCountry] = useState(shown.billingAddress?.country ?? '');
  const address = shown.billingAddress;
  return (
    <Form method="post" className="space-y-6" noValidate>
      <input type="hidden" name="version" value={profile.version} />
      <TextField
        name="name"
        label="Organization name"
        defaultValue={shown.name}
        required
        maxLength={100}
        errors={fieldErrors.name}
      />
      <fieldset className="space-y-4">
        <legend className="text-sm font-semibold text-gray-900">Billing address</legend>
        <TextField
          name="billingAddress.line1"
          label="Street address"
          autoComplete="address-line1"
          defaultValue={address?.line1}
          errors={fieldErrors['billingAddress.line1']}
        />
        <TextField
          name="billingAddress.line2"
          label="Address line 2 (optional)"
          autoComplete="address-line2"
          defaultValue={address?.line2}
          errors={fieldErrors['billingAddress.line2']}
        />
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            name="billingAddress.postalCode"
            label="Postal code"
            autoComplete="postal-code"
            defaultValue={address?.postalCode}
            errors={fieldErrors['billingAddress.postalCode']}
          />
          <TextField
            name="billingAddress.city"
            label="City"
            autoComplete="address-level2"
            defaultValue={address?.city}
            errors={fieldErrors['billingAddress.city']}
          />
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            name="billingAddress.region"
            label="State or region (optional)"
            autoComplete="address-level1"
            defaultValue={address?.region}
            errors={fieldErrors['billingAddress.region']}
          />
          <CountrySelect
            value={country}
            onChange={setCountry}
            errors={fieldErrors['billingAddress.country'] ?? fieldErrors.billingAddress}
          />
        </div>
      </fieldset>
      <TextField
        name="taxId"
        label="Tax ID"
        defaultValue={shown.taxId ?? ''}
        hint={taxIdHint(country)}
        maxLength={40}
        errors={fieldErrors.taxId}
      />
      <DomainsField defaultValue={shown.allowedEmailDomains.join('\n')} errors={fieldErrors.allowedEmailDomains} />
      <div className="flex justify-end">
        <SubmitButton pendingText="Saving…">Save profile</SubmitButton>
      </div>
    </Form>
  );
}

export default function OrgSettings() {
  const loaded = useLoaderData<typeof loader>();
  const params = useParams();
  const result = useStickyActionData<typeof action>();
  // A conflict's latest values (and a save's result) may be newer than the loader's.
  const profile = result?.profile && result.profile.version >= loaded.profile.version ? result.profile : loaded.profile;
  return (
    <div className="space-y-6">
      <Card className="max-w-3xl">
        <h1 className="text-tremor-title font-semibold text-tremor-content-strong">Organization profile</h1>
        <Text className="mb-6 mt-1">Shown on invoices and to your members.</Text>
        <PresenceBar resource="org-settings" />
        <div className="mb-6 empty:hidden">
          {result ? <FormAlert message={result.message} tone={result.ok ? 'success' : 'error'} /> : null}
        </div>
        <ProfileForm
          key={profile.version}
          profile={profile}
          draft={result?.draft ?? null}
          fieldErrors={result?.fieldErrors ?? {}}
        />
      </Card>
      <LogoSection slug={params.slug ?? ''} />
      <Card className="max-w-3xl">
        <Link
          to={`/o/${params.slug ?? ''}/settings/retention`}
          className="font-medium text-blue-700 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500"
        >
          Audit retention
        </Link>
        <Text className="mt-1">How long the audit trail keeps its events, up to what your plan allows.</Text>
      </Card>
    </div>
  );
}
