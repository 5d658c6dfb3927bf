/** The signed-in person's menu in the top bar: who they are, their account, and sign out (a POST). */
import { Form, Link } from '@remix-run/react';
import { usePopover } from './usePopover';

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? (parts.at(-1)?.[0] ?? '') : '')).toUpperCase() || '?';
}

export function UserMenu({ user }: { user: { name: string; email: string } }) {
  const { buttonProps, popupProps } = usePopover<HTMLDivElement>();
  return (
    <div className="relative">
      <button
        {...buttonProps}
        aria-label={`Account menu for ${user.name}`}
        className="flex h-9 w-9 items-center justify-center rounded-full bg-blue-600 text-sm font-semibold text-white hover:bg-blue-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 focus-visible:ring-offset-2"
      >
        {initials(user.name)}
      </button>
      <div
        {...popupProps}
        className="absolute right-0 z-30 mt-2 w-64 rounded-md border border-gray-200 bg-white py-1 shadow-lg"
      >
        <div className="border-b border-gray-100 px-3 py-2">
          <p className="truncate text-sm font-medium text-gray-900" title={user.name}>
            {user.name}
          </p>
          <p className="truncate text-xs text-gray-500" title={user.email}>
            {user.email}
          </p>
        </div>
        <Link
          to="/account"
          className="block px-3 py-2 text-sm text-gray-800 hover:bg-gray-50 focus:bg-gray-100 focus:outline-none"
        >
          Your account
        </Link>
        <Form method="post" action="/logout">
          <button
            type="submit"
            className="block w-full px-3 py-2 text-left text-sm text-gray-800 hover:bg-gray-50 focus:bg-gray-100 focus:outline-none"
          >
            Sign out
          </button>
        </Form>
      </div>
    </div>
  );
}
