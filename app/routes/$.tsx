/**
 * Every address no other route claims: the 404 page. Without a route that matches, Remix renders
 * the root error without any route module, and the browser's router — which learns routes
 * lazily — renders something else while it looks for one, so hydration fails. A splat route
 * makes an unknown address an ordinary page whose loader answers 404.
 */
import { data } from '@remix-run/node';

export function loader(): never {
  throw data('Not found', { status: 404 });
}

/** Never rendered (the loader always throws); a default export makes this a page, not a resource. */
export default function NotFound() {
  return null;
}
