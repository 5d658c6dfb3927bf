/** The centred card every signed-out page (sign in, sign up, password reset) is laid out in. */
import { Link } from '@remix-run/react';
import { Card } from '~/components/ui/tremor';
import type { ReactNode } from 'react';
import { MAIN_CONTENT_ID } from '../shell/SkipLink';

type AuthLayoutProps = {
  title: string;
  subtitle?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
};

export function AuthLayout({ title, subtitle, children, footer }: AuthLayoutProps) {
  return (
    <main
      id={MAIN_CONTENT_ID}
      className="flex min-h-full flex-col items-center justify-center px-4 py-10 sm:px-6 lg:px-8"
    >
      <div className="w-full max-w-md">
        <p className="mb-6 text-center text-xl font-semibold tracking-tight text-blue-600">Atrium</p>
        <Card className="p-6 sm:p-8">
          <h1 className="text-xl font-semibold text-gray-900">{title}</h1>
          {subtitle ? <p className="mt-1 text-sm text-gray-600">{subtitle}</p> : null}
          <div className="mt-6">{children}</div>
        </Card>
        {footer ? <div className="mt-6 space-y-2 text-center text-sm text-gray-600">{footer}</div> : null}
      </div>
    </main>
  );
}

export function AuthLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Link to={to} className="font-medium text-blue-600 hover:text-blue-700 hover:underline">
      {children}
    </Link>
  );
}
