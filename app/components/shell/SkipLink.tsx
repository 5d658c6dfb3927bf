/**
 * "Skip to content": the first thing a keyboard reaches on every page, hidden until focused, so
 * nobody has to tab through the top bar and navigation on each page. Every layout gives its
 * <main> the id it points to.
 */
export const MAIN_CONTENT_ID = 'main-content';

export function SkipLink() {
  return (
    <a
      href={`#${MAIN_CONTENT_ID}`}
      className="sr-only rounded-md bg-white px-4 py-2 text-sm font-semibold text-blue-700 shadow focus:not-sr-only focus:fixed focus:left-4 focus:top-4 focus:z-50 focus:outline-none focus:ring-2 focus:ring-blue-600"
    >
      Skip to content
    </a>
  );
}
