/**
 * The access explainer: may this member use this permission (on a resource with these
 * attributes), and why. For members who may manage roles only (others get the 403 page). The
 * question is a GET form, so an answer is a link, survives a reload and works without JavaScript;
 * `?member=<membershipId>` opens it with a member chosen ("Explain access for this member").
 *
 * Two forms: the member search (so Enter in it searches, and carries the rest of the question
 * along) and the question itself, whose only submit button is "Explain access".
 */
import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useLocation, useNavigation, useParams } from '@remix-run/react';
import { Card, Text } from '~/components/ui/tremor';
import { TRPCError } from '@trpc/server';
import { useId } from 'react';
import type { AccessExplanation, ExplainMember } from '../../server/roles/explainSchemas';
import type { Catalogue } from '../../server/roles/roleSchemas';
import { FormAlert } from '~/components/forms';
import { AttributeRows } from '~/components/roles/AttributeRows';
import { ExplainResult } from '~/components/roles/ExplainResult';
import {
  isMembershipId,
  readExplainQuery,
  validateExplainQuery,
  type AttributeValue,
  type ExplainFieldErrors,
  type ExplainQuery,
} from '~/components/roles/explainQuery';
import { throwOrgRouteError } from '~/components/shell/orgRouteErrors.server';
import { errorCodeOf } from '~/lib/errors';
import { countOf } from '../../server/shared/plural';

export const meta: MetaFunction = () => [{ title: 'Explain access · Roles · Atrium' }];

const PAGE_SIZE = 25;

type Answer = {
  explanation: AccessExplanation;
  memberName: string;
  permission: string;
  resource: Record<string, AttributeValue> | null;
};

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { caller, headers } = await context.trpc();
  const orgSlug = params.slug ?? '';
  const query = readExplainQuery(new URL(request.url).searchParams);
  const selectedMembershipId = isMembershipId(query.member) ? query.member : undefined;
  // roles.explainMembers needs roles:manage: anyone else gets the 403 page before anything else.
  const [people, catalogue] = await Promise.all([
    caller.roles.explainMembers({
      orgSlug,
      limit: PAGE_SIZE,
      ...(query.search ? { search: query.search } : {}),
      ...(selectedMembershipId ? { selectedMembershipId } : {}),
    }),
    caller.roles.catalogue({ orgSlug }),
  ]).catch((error: unknown) => throwOrgRouteError(error, request, headers));

  let errors: ExplainFieldErrors = {};
  let problem: string | null = null;
  let answer: Answer | null = null;
  if (query.isSubmitted) {
    const checked = validateExplainQuery(query);
    if (!checked.ok) {
      errors = checked.errors;
    } else if (selectedMembershipId && !people.selected) {
      errors = { member: 'That person is not a member of this organization' };
    } else {
      try {
        const explanation = await caller.roles.explain({ orgSlug, ...checked.request });
        answer = {
          explanation,
          memberName: people.selected?.name ?? 'This member',
          permission: checked.request.permission,
          resource: checked.request.resource ?? null,
        };
      } catch (error) {
        if (errorCodeOf(error) === 'MEMBER_NOT_FOUND') {
          errors = { member: 'That person is not a member of this organization' };
        } else if (error instanceof TRPCError && error.code === 'BAD_REQUEST') {
          problem = 'The question could not be asked as it stands; check the fields and try again.';
        } else {
          throwOrgRouteError(error, request, headers);
        }
      }
    }
  }
  return data({ query, people, catalogue, errors, problem, answer }, { headers });
}

function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} role="alert" className="text-sm text-red-600">
      {message}
    </p>
  );
}

const selectClass = (invalid: boolean) =>
  `block w-full rounded-tremor-default border bg-white px-3 py-2 text-tremor-default shadow-tremor-input outline-none focus:ring-2 ${
    invalid
      ? 'border-red-500 focus:border-red-500 focus:ring-red-200'
      : 'border-tremor-border focus:border-tremor-brand-subtle focus:ring-tremor-brand-muted'
  }`;

const buttonClass =
  'inline-flex items-center rounded-tremor-default px-4 py-2 text-sm font-medium shadow-tremor-input focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 focus-visible:ring-offset-2';

/** The question's other fields, carried along when the member search is submitted. */
function CarriedFields({ query }: { query: ExplainQuery }) {
  return (
    <>
      {query.member ? <input type="hidden" name="member" value={query.member} /> : null}
      {query.permission ? <input type="hidden" name="permission" value={query.permission} /> : null}
      {query.rows.map((row, index) => (
        <span key={index} hidden>
          <input type="hidden" name="key" value={row.key} />
          <input type="hidden" name="value" value={row.value} />
        </span>
      ))}
      {query.ip ? <input type="hidden" name="ip" value={query.ip} /> : null}
      {query.at ? <input type="hidden" name="at" value={query.at} /> : null}
    </>
  );
}

function memberLabel(member: ExplainMember): string {
  return `${member.name} (${member.email})${member.active ? '' : ' — deactivated'}`;
}

function MemberSearch({ query, here }: { query: ExplainQuery; here: string }) {
  const id = useId();
  return (
    <Form
      method="get"
      action={here}
      role="search"
      aria-label="Find a member"
      className="flex flex-wrap items-end gap-2"
    >
      <div className="min-w-[16rem] flex-1 space-y-1">
        <label htmlFor={`${id}-q`} className="block text-sm font-medium text-gray-700">
          Find a member by name or email
        </label>
        <input
          id={`${id}-q`}
          type="search"
          name="q"
          defaultValue={query.search}
          maxLength={100}
          autoComplete="off"
          className={selectClass(false)}
        />
      </div>
      <CarriedFields query={query} />
      <button type="submit" className={`${buttonClass} border border-gray-300 bg-white text-gray-800 hover:bg-gray-50`}>
        Find
      </button>
    </Form>
  );
}

function MemberSelect({
  members,
  selected,
  hasMore,
  search,
  value,
  error,
}: {
  members: ExplainMember[];
  selected: ExplainMember | null;
  hasMore: boolean;
  search: string;
  value: string;
  error?: string;
}) {
  const id = useId();
  const options =
    selected && !members.some((m) => m.membershipId === selected.membershipId) ? [selected, ...members] : members;
  const hint =
    members.length === 0
      ? search
        ? `No member matches “${search}”. Try part of a name or email.`
        : 'This organization has no members yet.'
      : hasMore
        ? `Showing the first ${countOf(members.length, 'member')}${search ? ` matching “${search}”` : ''}. Search to narrow the list.`
        : null;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-gray-700">
        Member
      </label>
      <select
        id={id}
        name="member"
        defaultValue={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        className={selectClass(Boolean(error))}
      >
        <option value="">Choose a member…</option>
        {options.map((member) => (
          <option key={member.membershipId} value={member.membershipId}>
            {memberLabel(member)}
          </option>
        ))}
      </select>
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-gray-600">
          {hint}
        </p>
      ) : null}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

function PermissionSelect({ catalogue, value, error }: { catalogue: Catalogue; value: string; error?: string }) {
  const id = useId();
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-gray-700">
        Permission
      </label>
      <select
        id={id}
        name="permission"
        defaultValue={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className={selectClass(Boolean(error))}
      >
        <option value="">Choose a permission…</option>
        {catalogue.map((group) => (
          <optgroup key={group.resource} label={group.label}>
            {group.permissions.map((p) => (
              <option key={p.key} value={p.key}>
                {p.key} — {p.description}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

function RequestFields({ query, errors }: { query: ExplainQuery; errors: ExplainFieldErrors }) {
  const id = useId();
  const field = (name: 'ip' | 'at', label: string, hint: string, type: 'text' | 'datetime-local') => (
    <div className="space-y-1">
      <label htmlFor={`${id}-${name}`} className="block text-sm font-medium text-gray-700">
        {label}
      </label>
      <input
        id={`${id}-${name}`}
        name={name}
        type={type}
        defaultValue={name === 'ip' ? query.ip : query.at}
        autoComplete="off"
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={`${id}-${name}-hint${errors[name] ? ` ${id}-${name}-error` : ''}`}
        className={selectClass(Boolean(errors[name]))}
      />
      <p id={`${id}-${name}-hint`} className="text-xs text-gray-600">
        {hint}
      </p>
      <FieldError id={`${id}-${name}-error`} message={errors[name]} />
    </div>
  );
  return (
    <fieldset className="space-y-3">
      <legend className="text-base font-semibold text-gray-900">The request (optional)</legend>
      <div className="grid gap-4 md:grid-cols-2">
        {field('ip', 'From IP address', 'Unknown by default: IP allowlist conditions then deny.', 'text')}
        {field(
          'at',
          'At (UTC)',
          'Now by default; business-hours conditions use the organization’s time zone.',
          'datetime-local',
        )}
      </div>
    </fieldset>
  );
}

export default function ExplainAccess() {
  const { query, people, catalogue, errors, problem, answer } = useLoaderData<typeof loader>();
  const slug = useParams().slug ?? '';
  const location = useLocation();
  const navigation = useNavigation();
  const here = `/o/${slug}/roles/explain`;
  const isLoading = navigation.state === 'loading' && navigation.location.pathname === here;
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <div className="space-y-6">
      <div>
        <Link to={`/o/${slug}/roles`} className="text-sm font-medium text-blue-700 hover:underline">
          Back to roles
        </Link>
        <h1 className="mt-2 text-tremor-title font-semibold text-tremor-content-strong">Explain access</h1>
        <Text className="mt-1">
          Whether a member may use a permission, and why: every role path that reaches the grant, with its condition
          evaluated for that member.
        </Text>
      </div>

      <Card className="space-y-6">
        <MemberSearch query={query} here={here} />
        <Form
          key={location.search}
          method="get"
          action={here}
          className="space-y-6"
          noValidate
          aria-label="Explain access"
        >
          <input type="hidden" name="explain" value="1" />
          {query.search ? <input type="hidden" name="q" value={query.search} /> : null}
          {hasErrors ? <FormAlert message="Some fields need attention; see the messages next to them." /> : null}
          {problem ? <FormAlert message={problem} /> : null}
          <div className="grid gap-4 md:grid-cols-2">
            <MemberSelect
              members={people.members}
              selected={people.selected}
              hasMore={people.hasMore}
              search={query.search}
              value={people.selected ? query.member : ''}
              error={errors.member}
            />
            <PermissionSelect catalogue={catalogue} value={query.permission} error={errors.permission} />
          </div>
          <AttributeRows rows={query.rows} errors={errors} />
          <RequestFields query={query} errors={errors} />
          <div className="flex justify-end">
            <button
              type="submit"
              disabled={isLoading}
              className={`${buttonClass} bg-tremor-brand text-white hover:bg-tremor-brand-emphasis disabled:opacity-70`}
            >
              {isLoading ? 'Explaining…' : 'Explain access'}
            </button>
          </div>
        </Form>
      </Card>

      <Card>
        {answer ? (
          <ExplainResult
            explanation={answer.explanation}
            memberName={answer.memberName}
            permission={answer.permission}
            resource={answer.resource}
          />
        ) : (
          <section aria-labelledby="explain-answer" className="space-y-2">
            <h2 id="explain-answer" className="text-lg font-semibold text-gray-900">
              Answer
            </h2>
            <p className="text-sm text-gray-700">
              {hasErrors || problem
                ? 'No answer yet: correct the fields above and explain again.'
                : 'Choose a member and a permission, then Explain access. The answer lists each of their roles that reaches the permission and, for a conditional grant, what the condition gives.'}
            </p>
          </section>
        )}
      </Card>
    </div>
  );
}
