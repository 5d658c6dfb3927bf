/** The frame of the signed-in account page: brand, who is signed in, and a sign-out button. */
import { Form, Link } from '@remix-run/react';
import type { ReactNode } from 'react';
import { SubmitButton } from '~/components/forms';
import { MAIN_CONTENT_ID } from '../shell/SkipLink';

export function AccountShell({ email, children }: { email: string; children: ReactNode }) {
  return (
    <div className="min-h-full">
      <header className="border-b border-gray-200 bg-white">
        <div className="mx-auto flex max-w-5xl items-center justify-between gap-4 px-4 py-3 sm:px-6">
          <Link to="/account" className="text-lg font-semibold tracking-tight text-blue-600">
            Atrium
          </Link>
          <div className="flex min-w-0 items-center gap-3">
            <span className="hidden truncate text-sm text-gray-600 sm:inline" title={email}>
              {email}
            </span>
            <Form method="post" action="/logout">
              <SubmitButton variant="secondary" size="xs" pendingText="Signing out…">
                Sign out
              </SubmitButton>
            </Form>
          </div>
        </div>
      </header>
      <main id={MAIN_CONTENT_ID} className="mx-auto max-w-5xl space-y-6 px-4 py-8 sm:px-6">
        {children}
      </main>
    </div>
  );
}

export function AccountSection({
  title,
  description,
  children,
}: {
  title: string;
  description?: string;
  children: ReactNode;
}) {
  const headingId = `section-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return (
    <section
      aria-labelledby={headingId}
      className="rounded-tremor-default border border-gray-200 bg-white p-5 shadow-sm sm:p-6"
    >
      <h2 id={headingId} className="text-base font-semibold text-gray-900">
        {title}
      </h2>
      {description ? <p className="mt-1 text-sm text-gray-600">{description}</p> : null}
      <div className="mt-5">{children}</div>
    </section>
  );
}
