/**
 * What a refused or failed page says: the status, a title and a message in words. Rendered by the
 * root ErrorBoundary on its own (no route matched, or the org is unknown) and by the org layout's
 * ErrorBoundary inside the app shell (a 403 on one page of an org the person belongs to).
 */
import { isRouteErrorResponse, Link } from '@remix-run/react';

type ErrorText = { status: number; title: string; message: string };

/** The words for an error a route threw; the text of an unexpected error never reaches the page. */
export function errorText(error: unknown): ErrorText {
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const data = isRouteErrorResponse(error) && typeof error.data === 'string' ? error.data : null;
  if (status === 404) {
    return {
      status,
      title: 'Page not found',
      message: 'The page you are looking for does not exist, or you do not have access to it.',
    };
  }
  if (status === 403) {
    return { status, title: 'Access denied', message: data ?? 'You do not have access to this page.' };
  }
  if (status === 405) {
    return { status, title: 'Not available here', message: 'This address does not answer that kind of request.' };
  }
  return {
    status,
    title: 'Something went wrong',
    message: status < 500 && data ? data : 'Please try again. If the problem persists, contact support.',
  };
}

export function ErrorPanel({ error, home }: { error: unknown; home: { to: string; label: string } }) {
  const { status, title, message } = errorText(error);
  return (
    <div className="mx-auto flex max-w-md flex-col justify-center py-8 text-center">
      <p className="text-sm font-semibold text-blue-700">{status}</p>
      <h1 className="mt-2 text-2xl font-bold">{title}</h1>
      <p className="mt-2 break-words text-gray-700">{message}</p>
      <Link to={home.to} className="mt-6 text-blue-700 underline">
        {home.label}
      </Link>
    </div>
  );
}
