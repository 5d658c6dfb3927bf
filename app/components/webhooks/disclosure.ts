/** The look of a <summary> that opens a small form (rotate, send test, replay all). */
export const SUMMARY_CLASS =
  'cursor-pointer rounded-md px-2 py-1 text-sm font-medium text-blue-700 hover:bg-blue-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500';
