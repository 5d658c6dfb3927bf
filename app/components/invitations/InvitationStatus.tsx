/** An invitation's state as a badge: Pending, Expired, Accepted or Revoked. */
import { Badge } from '~/components/Badge';
import type { InvitationState } from '../../../server/invitations/schemas';

const LABELS: Record<InvitationState, { text: string; color: 'blue' | 'amber' | 'emerald' | 'gray' }> = {
  pending: { text: 'Pending', color: 'blue' },
  expired: { text: 'Expired', color: 'amber' },
  accepted: { text: 'Accepted', color: 'emerald' },
  revoked: { text: 'Revoked', color: 'gray' },
};

export function InvitationStatus({ state }: { state: InvitationState }) {
  const { text, color } = LABELS[state];
  return (
    <Badge color={color} size="xs" data-testid="invitation-status">
      {text}
    </Badge>
  );
}
