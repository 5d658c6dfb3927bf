/** A dot that says whether a member is online in this org, live. */
import { useOrgPresence } from './PresenceProvider';

export function OnlineIndicator({ membershipId, className = '' }: { membershipId: string; className?: string }) {
  const { isOnline } = useOrgPresence();
  const online = isOnline(membershipId);
  const label = online ? 'Online' : 'Offline';
  return (
    <span
      data-testid="online-indicator"
      data-online={online ? 'true' : 'false'}
      role="img"
      aria-label={label}
      title={label}
      className={`inline-block h-2.5 w-2.5 shrink-0 rounded-full ring-2 ring-white ${
        online ? 'bg-emerald-500' : 'bg-gray-300'
      } ${className}`}
    />
  );
}
