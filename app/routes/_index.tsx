/**
 * The start page. Signed in: straight to the last organization visited (or the first one, or
 * the account page when there is none). Signed out: what Atrium is, and the two ways in.
 */
import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link } from '@remix-run/react';
import { LANDING_FEATURES } from '~/components/landingFeatures';
import { MAIN_CONTENT_ID } from '~/components/shell/SkipLink';

export const meta: MetaFunction = () => [
  { title: 'Atrium · Your customer portal' },
  { name: 'description', content: 'Manage your organization’s people, roles, teams and audit trail in one place.' },
];

export async function loader({ context }: LoaderFunctionArgs) {
  const { caller, headers, user } = await context.trpc();
  if (user) {
    const { redirectTo } = await caller.account.home({});
    throw redirect(redirectTo, { headers });
  }
  return data({}, { headers });
}

export default function Landing() {
  return (
    <main id={MAIN_CONTENT_ID} className="mx-auto flex min-h-full max-w-4xl flex-col justify-center px-6 py-16">
      <p className="text-lg font-semibold tracking-tight text-blue-600">Atrium</p>
      <h1 className="mt-4 text-4xl font-bold tracking-tight text-gray-900 sm:text-5xl">Your customer portal</h1>
      <p className="mt-4 max-w-2xl text-lg text-gray-600">
        One place for your organization’s people, roles and teams, with a live activity feed and an audit trail —
        secure, and separate from every other customer’s.
      </p>
      <div className="mt-8 flex flex-wrap gap-4">
        <Link
          to="/login"
          className="rounded-md bg-blue-600 px-5 py-2.5 text-sm font-semibold text-white shadow-sm hover:bg-blue-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 focus-visible:ring-offset-2"
        >
          Sign in
        </Link>
        <Link
          to="/signup"
          className="rounded-md border border-gray-300 bg-white px-5 py-2.5 text-sm font-semibold text-gray-900 shadow-sm hover:bg-gray-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 focus-visible:ring-offset-2"
        >
          Create an account
        </Link>
      </div>
      <ul className="mt-16 grid gap-6 sm:grid-cols-3">
        {LANDING_FEATURES.map((feature) => (
          <li key={feature.title} className="rounded-lg border border-gray-200 bg-white p-5">
            <h2 className="text-sm font-semibold text-gray-900">{feature.title}</h2>
            <p className="mt-2 text-sm text-gray-600">{feature.text}</p>
          </li>
        ))}
      </ul>
    </main>
  );
}
