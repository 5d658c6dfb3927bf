/**
 * Re-sending every failed delivery of an endpoint, after a confirmation that says how many. The
 * count comes from the page's loader (at most FAILED_COUNT_LIMIT are counted; the server replays
 * up to 1,000 per click).
 */
import { Form } from '@remix-run/react';
import { SUMMARY_CLASS } from './disclosure';
import { IntentSubmit } from './IntentSubmit';
import { countOf } from '../../../server/shared/plural';

export const FAILED_COUNT_LIMIT = 100;

export function failedCountText(count: number, hasMore: boolean): string {
  return hasMore ? `more than ${count} failed deliveries` : countOf(count, 'failed delivery', 'failed deliveries');
}

export function ReplayAllFailed({ count, hasMore }: { count: number; hasMore: boolean }) {
  if (count === 0) return null;
  const what = failedCountText(count, hasMore);
  return (
    <details className="w-full sm:w-auto">
      <summary className={SUMMARY_CLASS}>Replay all failed…</summary>
      <Form
        method="post"
        preventScrollReset
        className="mt-2 max-w-md space-y-2 rounded-md border border-amber-200 bg-amber-50 p-3"
      >
        <p className="text-sm text-amber-900">
          Send {what} again now? Each becomes pending and is sent again at once; your receiver may get a message it
          already saw (use webhook-id to ignore it). At most 1,000 are replayed per click.
        </p>
        <IntentSubmit intent="replayFailed" variant="secondary" pendingText="Replaying…">
          {`Replay ${what}`}
        </IntentSubmit>
      </Form>
    </details>
  );
}
