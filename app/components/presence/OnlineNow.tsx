/**
 * "Online now" on the org dashboard: everyone with the org open in some tab, with the page they
 * are on, live. Shown once the presence subscription is live (not without JavaScript).
 */
import { Card } from '~/components/ui/tremor';
import { useId } from 'react';
import { describePage } from './describePage';
import { Initials } from './Initials';
import { usePresenceContext } from './PresenceProvider';

export function OnlineNow({ orgSlug }: { orgSlug: string }) {
  const { online, you, isLive } = usePresenceContext();
  const headingId = useId();
  if (!isLive) return null;
  return (
    <Card role="region" aria-labelledby={headingId}>
      <h2 id={headingId} className="text-tremor-title font-semibold text-tremor-content-strong">
        Online now
      </h2>
      <ul className="mt-3 divide-y divide-gray-100" aria-live="polite">
        {online.map((member) => {
          const page = member.places[0]?.page ?? `/o/${orgSlug}`;
          return (
            <li key={member.membershipId} data-testid="online-member" className="flex items-center gap-3 py-2">
              <span className="relative">
                <Initials name={member.name} />
                <span
                  aria-hidden="true"
                  className="absolute -bottom-0.5 -right-0.5 h-2.5 w-2.5 rounded-full bg-emerald-500 ring-2 ring-white"
                />
              </span>
              <span className="min-w-0">
                <span className="block truncate text-sm font-medium text-gray-900" title={member.name}>
                  {member.name}
                  {member.membershipId === you ? <span className="font-normal text-gray-500"> (you)</span> : null}
                </span>
                <span className="block truncate text-xs text-gray-500" title={page}>
                  on {describePage(page, orgSlug)}
                </span>
              </span>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
