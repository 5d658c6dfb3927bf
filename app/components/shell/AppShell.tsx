/**
 * The frame of every /o/:slug page: top bar (brand, org switcher, user menu), side navigation
 * that collapses behind a menu button on small screens, and the page content.
 */
import { Link, useLocation } from '@remix-run/react';
import { useEffect, useId, useState, type ReactNode } from 'react';
import { NotificationBell } from '../notifications/NotificationBell';
import { OrgSwitcher, type SwitcherOrg } from '../OrgSwitcher';
import { SideNav } from './SideNav';
import { UserMenu } from './UserMenu';
import { MAIN_CONTENT_ID } from './SkipLink';

type AppShellProps = {
  org: { slug: string; name: string; logoVersion?: number | null };
  orgs: SwitcherOrg[];
  user: { name: string; email: string };
  children: ReactNode;
};

export function AppShell({ org, orgs, user, children }: AppShellProps) {
  const [isNavOpen, setNavOpen] = useState(false);
  const navId = useId();
  const location = useLocation();
  useEffect(() => setNavOpen(false), [location.pathname]);

  return (
    <div className="min-h-full">
      <header className="sticky top-0 z-20 border-b border-gray-200 bg-white">
        <div className="mx-auto flex h-14 max-w-7xl items-center gap-3 px-4 sm:px-6">
          <button
            type="button"
            className="rounded-md p-2 text-gray-600 hover:bg-gray-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 md:hidden"
            aria-expanded={isNavOpen}
            aria-controls={navId}
            onClick={() => setNavOpen((open) => !open)}
          >
            <span className="sr-only">{isNavOpen ? 'Close navigation' : 'Open navigation'}</span>
            <svg aria-hidden="true" viewBox="0 0 20 20" className="h-5 w-5">
              <path fill="currentColor" d="M3 5h14v2H3zm0 4h14v2H3zm0 4h14v2H3z" />
            </svg>
          </button>
          <Link to={`/o/${org.slug}`} className="hidden text-base font-bold tracking-tight text-gray-900 sm:block">
            Atrium
          </Link>
          <OrgSwitcher current={org} orgs={orgs} />
          <div className="ml-auto flex items-center gap-1">
            <NotificationBell orgSlug={org.slug} />
            <UserMenu user={user} />
          </div>
        </div>
      </header>
      <div className="mx-auto flex max-w-7xl gap-6 px-4 sm:px-6">
        <nav
          id={navId}
          aria-label="Organization"
          className={`${
            isNavOpen ? 'block' : 'hidden'
          } fixed inset-x-0 top-14 z-10 border-b border-gray-200 bg-white p-4 shadow-md md:static md:block md:w-52 md:shrink-0 md:border-0 md:bg-transparent md:px-0 md:py-6 md:shadow-none`}
        >
          <SideNav orgSlug={org.slug} />
        </nav>
        <main id={MAIN_CONTENT_ID} className="min-w-0 flex-1 py-6">
          {children}
        </main>
      </div>
    </div>
  );
}
