/**
 * The `test` every spec imports instead of Playwright's own. It watches every page of every
 * browser context a test opens — the default one and those made with browser.newContext() — and
 * fails the test when any of them logged a console error or threw: a failed hydration (React
 * errors #418/#423/#425 land in the console), a script the CSP refused, an uncaught exception.
 *
 * A "Failed to load resource" line for a 4xx answer is not counted: a 403 or 404 the app answers
 * on purpose (an error page, a refused call the UI handles) is logged that way by Chromium
 * itself, and so is a WebSocket upgrade refused with 401. A 5xx is counted.
 */
import { test as base, expect, type Browser, type BrowserContext } from '@playwright/test';

// Everything else a spec needs from Playwright (expect, types) comes through here too.
export * from '@playwright/test';

const ANSWERED_4XX = [
  /^Failed to load resource: the server responded with a status of 4\d\d\b/,
  // The WebSocket upgrade refused with 401 once a session has ended (deactivated, signed out):
  // the app then shows the sign-in page, which is what those journeys check.
  /^WebSocket connection to '[^']+' failed: HTTP Authentication failed/,
];

/** One line per problem (React's minified errors repeat their stack for every node). */
function firstLine(text: string): string {
  return text.split('\n', 1)[0]!.slice(0, 300);
}

function watch(context: BrowserContext, problems: string[]): void {
  const add = (problem: string) => {
    if (!problems.includes(problem)) problems.push(problem);
  };
  context.on('console', (message) => {
    if (message.type() !== 'error' || ANSWERED_4XX.some((answer) => answer.test(message.text()))) return;
    add(`console.error on ${message.page()?.url() ?? 'a page'}: ${firstLine(message.text())}`);
  });
  context.on('weberror', (error) => {
    add(`uncaught on ${error.page()?.url() ?? 'a page'}: ${firstLine(String(error.error()))}`);
  });
}

/** Lets browser.newContext() hand out watched contexts for the duration of one test. */
function watchNewContexts(browser: Browser, problems: string[]): () => void {
  const newContext = browser.newContext;
  browser.newContext = async (...args: Parameters<Browser['newContext']>) => {
    const context = await newContext.apply(browser, args);
    watch(context, problems);
    return context;
  };
  return () => {
    browser.newContext = newContext;
  };
}

export const test = base.extend<{ pageProblems: string[] }>({
  pageProblems: [
    async ({ browser, context }, use) => {
      const problems: string[] = [];
      watch(context, problems);
      const restore = watchNewContexts(browser, problems);
      try {
        await use(problems);
      } finally {
        restore();
      }
      expect(problems, 'pages logged errors or threw').toEqual([]);
    },
    { auto: true },
  ],
});
