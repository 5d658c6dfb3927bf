/**
 * Waiting until a server-rendered page has become interactive. Playwright can type and click
 * long before React has hydrated the HTML; a click in that window submits the form natively
 * (no JavaScript), which is a different journey from the one a spec means to walk. Journeys
 * therefore wait for hydration; what happens without JavaScript has its own spec
 * (no-javascript.spec.ts).
 *
 * The signal is React's own: the root fiber's `isDehydrated` flag, which React itself reads to
 * decide whether an event must wait for hydration. It turns false when hydration has committed.
 * It is polled with page.evaluate, not page.waitForFunction: the latter compiles its predicate
 * with eval inside the page, which the app's CSP (rightly) refuses.
 */
import { expect, type Page, type Response } from '@playwright/test';

function isHydrated(): boolean {
  const key = Object.keys(document).find((k) => k.startsWith('__reactContainer$'));
  if (!key) return false;
  type HostRoot = { stateNode?: { current?: { memoizedState?: { isDehydrated?: boolean } } } };
  const hostRoot = (document as unknown as Record<string, HostRoot | undefined>)[key];
  return hostRoot?.stateNode?.current?.memoizedState?.isDehydrated === false;
}

export async function waitForHydration(page: Page, timeout = 15_000): Promise<void> {
  await expect
    .poll(
      // A navigation in progress destroys the execution context; that is "not yet", not an error.
      () => page.evaluate(isHydrated).catch(() => false),
      { timeout, intervals: [50, 100, 250], message: `page ${page.url()} never finished hydrating` },
    )
    .toBe(true);
}

/** Opens a path and waits until the page responds to clicks the way a person's browser would. */
export async function openPage(page: Page, path: string): Promise<Response | null> {
  const response = await page.goto(path);
  await waitForHydration(page);
  return response;
}
