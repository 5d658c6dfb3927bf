/**
 * Deactivate, reactivate, remove and transfer ownership. Each asks first: the action link opens a
 * confirmation (?confirm=<action>, so it works without JavaScript) whose button does it. Only
 * what applies is offered — nothing on your own membership but a note, transfer only to an
 * active member and only for an Owner.
 */
import { Form, Link } from '@remix-run/react';
import { Card } from '~/components/ui/tremor';
import { FormAlert, SubmitButton } from '~/components/forms';
import type { LifecycleIntent } from './memberForms';

type Member = { name: string; status: 'active' | 'deactivated'; isSelf: boolean };

const CONFIRM: Record<LifecycleIntent, { label: string; question: (name: string) => string; button: string }> = {
  deactivate: {
    label: 'Deactivate…',
    question: (name) =>
      `Deactivate ${name}? They are signed out at once and cannot use this organization until reactivated.`,
    button: 'Yes, deactivate',
  },
  reactivate: {
    label: 'Reactivate…',
    question: (name) => `Reactivate ${name}? They get their roles back and can sign in again.`,
    button: 'Yes, reactivate',
  },
  remove: {
    label: 'Remove…',
    question: (name) =>
      `Remove ${name} from this organization? Their roles and team memberships are deleted; this cannot be undone.`,
    button: 'Yes, remove',
  },
  transfer: {
    label: 'Transfer ownership…',
    question: (name) => `Make ${name} an Owner? You become an Admin and can no longer transfer ownership.`,
    button: 'Yes, transfer ownership',
  },
};

const DONE: Record<LifecycleIntent, string> = {
  deactivate: 'deactivated and signed out',
  reactivate: 'reactivated',
  remove: 'removed',
  transfer: 'now an Owner',
};

export function availableActions(member: Member, isOwner: boolean): LifecycleIntent[] {
  if (member.isSelf) return [];
  if (member.status === 'deactivated') return ['reactivate', 'remove'];
  return isOwner ? ['deactivate', 'remove', 'transfer'] : ['deactivate', 'remove'];
}

export function MemberLifecycle({
  member,
  actions,
  confirm,
  error,
  done,
  here,
}: {
  member: Member;
  actions: LifecycleIntent[];
  confirm: LifecycleIntent | null;
  error: string | null;
  done: LifecycleIntent | null;
  here: string;
}) {
  return (
    <Card className="space-y-4">
      <h2 className="text-base font-semibold text-gray-900">Membership</h2>
      {done ? <FormAlert tone="success" message={`${member.name} is ${DONE[done]}.`} /> : null}
      {error ? <FormAlert message={error} /> : null}
      {member.isSelf ? (
        <p className="text-sm text-gray-600">
          This is your own membership. To deactivate or remove yourself, ask another admin.
        </p>
      ) : null}
      {confirm && actions.includes(confirm) ? (
        <Form
          method="post"
          className="space-y-3 rounded-md border border-amber-300 bg-amber-50 p-4"
          role="group"
          aria-label="Confirm"
        >
          <input type="hidden" name="intent" value={confirm} />
          <p className="text-sm text-gray-900">{CONFIRM[confirm].question(member.name)}</p>
          <div className="flex items-center gap-3">
            <SubmitButton color={confirm === 'reactivate' ? 'blue' : 'red'} pendingText="Working…">
              {CONFIRM[confirm].button}
            </SubmitButton>
            <Link to={here} className="text-sm font-medium text-blue-700 hover:underline">
              Cancel
            </Link>
          </div>
        </Form>
      ) : (
        <div className="flex flex-wrap gap-3">
          {actions.map((action) => (
            <Link
              key={action}
              to={`${here}?confirm=${action}`}
              className="inline-flex items-center rounded-tremor-default border border-gray-300 bg-white px-4 py-2 text-sm font-medium text-gray-800 shadow-tremor-input hover:bg-gray-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500"
            >
              {CONFIRM[action].label}
            </Link>
          ))}
        </div>
      )}
    </Card>
  );
}
