/** Seats in use against the plan's limit, as a labelled bar (a plain count when unlimited). */
import type { BillingOverview } from '../../../server/billing/schemas';

export function SeatsBar({ seats }: { seats: BillingOverview['seats'] }) {
  const { used, limit, activeMembers, openInvitations } = seats;
  const share = limit ? Math.min(used / limit, 1) : 0;
  const isFull = limit !== null && used >= limit;
  const detail = `${activeMembers} ${activeMembers === 1 ? 'member' : 'members'} and ${openInvitations} open ${openInvitations === 1 ? 'invitation' : 'invitations'}`;
  return (
    <div className="space-y-1.5">
      <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
        <span id="seats-label" className="font-medium text-gray-900">
          Seats
        </span>
        <span className="text-gray-700" data-testid="seats-used">
          {limit === null ? `${used} in use (unlimited)` : `${used} of ${limit} in use`}
        </span>
      </div>
      {limit !== null ? (
        <div
          role="progressbar"
          aria-labelledby="seats-label"
          aria-valuemin={0}
          aria-valuemax={limit}
          aria-valuenow={Math.min(used, limit)}
          aria-valuetext={`${used} of ${limit} seats in use`}
          className="h-2.5 w-full overflow-hidden rounded-full bg-gray-200"
        >
          <div
            className={`h-full rounded-full ${isFull ? 'bg-amber-500' : 'bg-blue-600'}`}
            style={{ width: `${Math.round(share * 100)}%` }}
          />
        </div>
      ) : null}
      <p className="text-xs text-gray-600">
        {detail}. Deactivated members hold no seat{isFull ? '; every seat is taken' : ''}.
      </p>
    </div>
  );
}
