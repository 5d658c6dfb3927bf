/** The feed's connection state: "Live" while subscribed, "Reconnecting…" after a drop. */
import { Badge } from '~/components/Badge';

export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'unavailable';

const LABELS: Record<LiveState, { text: string; color: 'emerald' | 'amber' | 'gray' | 'red' }> = {
  connecting: { text: 'Connecting…', color: 'gray' },
  live: { text: 'Live', color: 'emerald' },
  reconnecting: { text: 'Reconnecting…', color: 'amber' },
  unavailable: { text: 'Live updates unavailable', color: 'red' },
};

export function LiveBadge({ state }: { state: LiveState }) {
  const { text, color } = LABELS[state];
  return (
    <span role="status" aria-live="polite">
      <Badge color={color} size="xs">
        {text}
      </Badge>
    </span>
  );
}
