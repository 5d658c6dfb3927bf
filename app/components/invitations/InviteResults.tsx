/** What happened to each address of the last invite: sent, or why not (with Resend where it helps). */
import { Form } from '@remix-run/react';
import type { InviteResult } from '../../../server/invitations/schemas';
import { countOf } from '../../../server/shared/plural';

const TONE: Record<InviteResult['outcome'], string> = {
  invited: 'text-emerald-700',
  invalid: 'text-red-700',
  already_member: 'text-gray-700',
  already_invited: 'text-amber-700',
  domain_not_allowed: 'text-red-700',
};

export function InviteResults({ results }: { results: InviteResult[] }) {
  const sent = results.filter((r) => r.outcome === 'invited').length;
  return (
    <section aria-labelledby="invite-results" className="rounded-md border border-gray-200 bg-white p-4">
      <h2 id="invite-results" className="text-sm font-semibold text-gray-900" role="status">
        {sent === results.length
          ? `${sent === 1 ? 'Invitation' : countOf(sent, 'invitation')} sent.`
          : `${sent} of ${countOf(results.length, 'invitation')} sent.`}
      </h2>
      <ul className="mt-2 divide-y divide-gray-100" aria-label="Invitation results">
        {results.map((result) => (
          <li key={result.input} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
            <span className="font-medium text-gray-900">{result.input}</span>
            <span className={TONE[result.outcome]}>
              {result.message}
              {result.outcome === 'already_invited' && result.invitationId ? (
                <Form method="post" className="ml-2 inline">
                  <input type="hidden" name="intent" value="resend" />
                  <input type="hidden" name="invitationId" value={result.invitationId} />
                  <button type="submit" className="font-medium text-blue-700 underline hover:text-blue-800">
                    Resend
                  </button>
                </Form>
              ) : null}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
