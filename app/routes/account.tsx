import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { AccountSection, AccountShell } from '~/components/auth/AccountShell';
import { ChangePasswordForm } from '~/components/auth/ChangePasswordForm';
import { OrganizationsList } from '~/components/auth/OrganizationsList';
import { ProfileForm } from '~/components/auth/ProfileForm';
import { SessionsTable } from '~/components/auth/SessionsTable';
import { errorCodeOf, toActionFailure, type ActionFailure } from '~/lib/errors';
import type { TrpcLoadContext } from '../../server/remix/loadContext';
import { countOf } from '../../server/shared/plural';

export const meta: MetaFunction = () => [{ title: 'Your account · Atrium' }];

const SIGN_IN = '/login?redirectTo=%2Faccount';

export async function loader({ context }: LoaderFunctionArgs) {
  const { caller, headers, user } = await context.trpc();
  if (!user) throw redirect(SIGN_IN, { headers });
  const [me, sessions, orgs] = await Promise.all([
    caller.account.me(),
    caller.account.sessions(),
    caller.account.orgs(),
  ]);
  return data({ me, sessions, orgs }, { headers });
}

type Intent = 'profile' | 'password' | 'revoke' | 'signOutOthers';

function field(form: FormData, name: string): string {
  return String(form.get(name) ?? '');
}

function sessionsSignedOut(count: number): string {
  if (count === 0) return '';
  return ` ${countOf(count, 'other session was', 'other sessions were')} signed out.`;
}

async function perform(intent: Intent, form: FormData, caller: TrpcLoadContext['caller']): Promise<string> {
  switch (intent) {
    case 'profile':
      await caller.account.updateProfile({ name: field(form, 'name') });
      return 'Your profile has been saved.';
    case 'password': {
      const { signedOutSessions } = await caller.account.changePassword({
        currentPassword: field(form, 'currentPassword'),
        newPassword: field(form, 'newPassword'),
      });
      return `Your password has been changed.${sessionsSignedOut(signedOutSessions)}`;
    }
    case 'revoke':
      await caller.account.revokeSession({ id: field(form, 'id') });
      return 'The session has been signed out.';
    case 'signOutOthers': {
      const { signedOutSessions } = await caller.account.signOutOthers();
      return signedOutSessions === 0 ? 'There were no other sessions.' : sessionsSignedOut(signedOutSessions).trim();
    }
  }
}

function isIntent(value: string): value is Intent {
  return ['profile', 'password', 'revoke', 'signOutOthers'].includes(value);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { caller, headers, user } = await context.trpc();
  if (!user) throw redirect(SIGN_IN, { headers });
  const form = await request.formData();
  const intent = field(form, 'intent');
  if (!isIntent(intent)) {
    const unknown: ActionFailure = { ok: false, message: 'Unknown action.', fieldErrors: {} };
    return data({ ...unknown, intent }, { status: 400, headers });
  }
  if (intent === 'password' && field(form, 'newPassword') !== field(form, 'confirmPassword')) {
    const mismatch: ActionFailure = {
      ok: false,
      message: 'The two new passwords do not match.',
      fieldErrors: { confirmPassword: ['Enter the same password twice'] },
    };
    return data({ ...mismatch, intent }, { status: 400, headers });
  }
  try {
    const message = await perform(intent, form, caller);
    return data({ ok: true as const, intent, message }, { headers });
  } catch (error) {
    const failure = toActionFailure(error);
    if (errorCodeOf(error) === 'WRONG_PASSWORD') {
      failure.fieldErrors = { currentPassword: [failure.message] };
    }
    return data({ ...failure, intent }, { status: 400, headers });
  }
}

export default function AccountPage() {
  const { me, sessions, orgs } = useLoaderData<typeof loader>();
  return (
    <AccountShell email={me.email}>
      <div>
        <h1 className="text-2xl font-semibold text-gray-900">Your account</h1>
        <p className="mt-1 text-sm text-gray-600">Signed in as {me.email}</p>
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <AccountSection title="Profile">
          <ProfileForm name={me.name} email={me.email} />
        </AccountSection>
        <AccountSection title="Organizations" description="Open an organization's portal, or start a new one.">
          <OrganizationsList orgs={orgs} />
        </AccountSection>
      </div>
      <AccountSection title="Password" description="Changing your password signs you out on every other device.">
        <ChangePasswordForm />
      </AccountSection>
      <AccountSection title="Sessions" description="Devices where you are signed in. Revoke any you do not recognise.">
        <SessionsTable sessions={sessions} />
      </AccountSection>
    </AccountShell>
  );
}
