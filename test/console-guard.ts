/**
 * A test fails when it calls console.error (Epic Stack habit): an error that was only logged is
 * still a bug. A test that expects one says so with allowConsoleError().
 */
import { format } from 'node:util';
import { afterEach, beforeEach, type MockInstance, vi } from 'vitest';

let isAllowed = false;

/** Lets the current test call console.error without failing. */
export function allowConsoleError(): void {
  isAllowed = true;
}

export function installConsoleGuard(): void {
  let spy: MockInstance<typeof console.error> | undefined;

  beforeEach(() => {
    isAllowed = false;
    spy = vi.spyOn(console, 'error');
  });

  afterEach(() => {
    const calls = spy?.mock.calls.slice() ?? [];
    spy?.mockRestore();
    spy = undefined;
    if (calls.length > 0 && !isAllowed) {
      throw new Error(
        `console.error was called ${calls.length} time(s) during this test. Fix the cause, or call ` +
          `allowConsoleError() if the test expects it. First call:\n${format(...calls[0]!)}`,
      );
    }
  });
}
