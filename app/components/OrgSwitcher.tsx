/**
 * The org switcher in the top bar: a disclosure button that reveals a list of links, one per
 * organization (the current one marked with aria-current), and "Create organization". Plain
 * links keep it usable with Tab, Enter and screen readers; arrow keys move between them too.
 */
import { Link } from '@remix-run/react';
import type { KeyboardEvent } from 'react';
import { usePopover } from './shell/usePopover';

export type SwitcherOrg = { slug: string; name: string; status: 'active' | 'deactivated' };

function moveFocus(event: KeyboardEvent<HTMLElement>) {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
  const links = [...event.currentTarget.querySelectorAll<HTMLAnchorElement>('a')];
  const index = links.indexOf(document.activeElement as HTMLAnchorElement);
  const next = event.key === 'ArrowDown' ? index + 1 : index - 1;
  links[(next + links.length) % links.length]?.focus();
  event.preventDefault();
}

export function OrgSwitcher({
  current,
  orgs,
}: {
  current: { slug: string; name: string; logoVersion?: number | null };
  orgs: SwitcherOrg[];
}) {
  const { isOpen, buttonProps, popupProps } = usePopover<HTMLDivElement>();
  return (
    <div className="relative">
      <button
        {...buttonProps}
        aria-label={`Organization: ${current.name}. Switch organization`}
        className="flex max-w-[14rem] items-center gap-2 rounded-md border border-gray-200 bg-white px-3 py-1.5 text-sm font-medium text-gray-900 shadow-sm hover:bg-gray-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500"
      >
        {current.logoVersion ? (
          <img
            src={`/o/${current.slug}/logo?v=${current.logoVersion}`}
            alt=""
            className="h-5 w-5 shrink-0 rounded-sm object-contain"
          />
        ) : null}
        <span className="truncate" title={current.name}>
          {current.name}
        </span>
        <svg
          aria-hidden="true"
          viewBox="0 0 20 20"
          className={`h-4 w-4 shrink-0 text-gray-500 ${isOpen ? 'rotate-180' : ''}`}
        >
          <path fill="currentColor" d="M5.5 7.5 10 12l4.5-4.5z" />
        </svg>
      </button>
      <div
        {...popupProps}
        onKeyDown={moveFocus}
        className="absolute left-0 z-30 mt-2 w-72 rounded-md border border-gray-200 bg-white py-1 shadow-lg"
      >
        <p className="px-3 pb-1 pt-2 text-xs font-semibold uppercase tracking-wide text-gray-500">Your organizations</p>
        <ul>
          {orgs.map((org) => {
            const isCurrent = org.slug.toLowerCase() === current.slug.toLowerCase();
            return (
              <li key={org.slug}>
                <Link
                  to={`/o/${org.slug}`}
                  aria-current={isCurrent ? 'page' : undefined}
                  className={`flex items-center justify-between gap-2 px-3 py-2 text-sm focus:bg-gray-100 focus:outline-none hover:bg-gray-50 ${
                    isCurrent ? 'font-semibold text-blue-700' : 'text-gray-800'
                  }`}
                >
                  {/* Two organizations may share a name; the slug tells them apart. */}
                  <span className="min-w-0">
                    <span className="block truncate" title={org.name}>
                      {org.name}
                    </span>
                    <span className="block truncate text-xs font-normal text-gray-500">{org.slug}</span>
                  </span>
                  {isCurrent ? <span className="text-xs text-blue-700">Current</span> : null}
                  {org.status === 'deactivated' ? <span className="text-xs text-gray-500">Deactivated</span> : null}
                </Link>
              </li>
            );
          })}
        </ul>
        <div className="mt-1 border-t border-gray-100 pt-1">
          <Link
            to="/orgs/new"
            className="block px-3 py-2 text-sm font-medium text-blue-700 hover:bg-gray-50 focus:bg-gray-100 focus:outline-none"
          >
            + Create organization
          </Link>
        </div>
      </div>
    </div>
  );
}
