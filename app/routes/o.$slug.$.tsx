/**
 * An unknown address inside an organization: 404 inside the app shell for its members (the
 * layout's ErrorBoundary), the same bare 404 as for any address for everyone else (the layout's
 * loader refuses first). See routes/$.tsx for why a splat route rather than no route.
 */
import { data } from '@remix-run/node';

export function loader(): never {
  throw data('Not found', { status: 404 });
}

/** Never rendered (the loader always throws); a default export makes this a page, not a resource. */
export default function NotFoundInOrg() {
  return null;
}
