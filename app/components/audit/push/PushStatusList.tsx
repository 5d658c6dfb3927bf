/** Where pushing stands: on or off (and why), the last delivered event, the last success and the last error. */
import { Badge } from '~/components/Badge';
import type { PushStatus } from '../../../../server/audit/push/endpointState';
import { formatTime } from '../AuditTable';
import { countOf } from '../../../../server/shared/plural';

function when(iso: string | null): string {
  return iso ? formatTime(iso) : 'never';
}

export function PushStateBadge({ status }: { status: PushStatus }) {
  if (status.isEnabled) {
    return status.consecutiveFailures > 0 ? <Badge color="amber">Retrying</Badge> : <Badge color="emerald">On</Badge>;
  }
  return status.disabledReason === 'failing' ? (
    <Badge color="red">Off after repeated failures</Badge>
  ) : (
    <Badge color="gray">Off</Badge>
  );
}

export function PushStatusList({ status, backlogLimit }: { status: PushStatus; backlogLimit: number }) {
  const rows: [string, string][] = [
    [
      'Last delivered event',
      status.cursor.eventId ? `#${status.cursor.seq} (${when(status.cursor.occurredAt)})` : 'none yet',
    ],
    [
      'Waiting to be sent',
      status.backlog > backlogLimit ? `more than ${countOf(backlogLimit, 'event')}` : countOf(status.backlog, 'event'),
    ],
    ['Last success', when(status.lastSuccessAt)],
    ['Last attempt', when(status.lastAttemptAt)],
    ['Consecutive failures', String(status.consecutiveFailures)],
  ];
  if (status.nextAttemptAt) rows.push(['Next attempt', when(status.nextAttemptAt)]);
  return (
    <div className="space-y-3">
      <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2" data-testid="push-status">
        {rows.map(([label, value]) => (
          <div key={label} className="flex justify-between gap-3 border-b border-gray-100 py-1">
            <dt className="text-gray-500">{label}</dt>
            <dd className="text-right text-gray-900">{value}</dd>
          </div>
        ))}
      </dl>
      {status.lastError ? (
        <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="push-last-error">
          Last error: {status.lastError}
        </p>
      ) : null}
    </div>
  );
}
