/** A member's status as a coloured badge with its word, never colour alone. */
import { Badge } from '~/components/Badge';

export function StatusBadge({ status }: { status: 'active' | 'deactivated' }) {
  return status === 'active' ? <Badge color="emerald">Active</Badge> : <Badge color="gray">Deactivated</Badge>;
}
