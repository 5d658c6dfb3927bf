/** One event in full: who, what, where, why, its hashes, and the before/after diff. */
import { Link } from '@remix-run/react';
import type { AuditEventDetail } from '../../../server/audit/types';
import { formatTime, OutcomeBadge } from './AuditTable';
import { ChangeDiff } from './ChangeDiff';

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-3 gap-2 py-1 text-sm">
      <dt className="text-gray-500">{label}</dt>
      <dd className="col-span-2 break-all text-gray-900">{children}</dd>
    </div>
  );
}

type Detail = Omit<AuditEventDetail, 'before' | 'after'> & { before?: unknown; after?: unknown };

export function AuditDetail({ event, closeTo }: { event: Detail; closeTo: string }) {
  return (
    <aside aria-label={`Event ${event.seq}`} className="rounded-lg border border-gray-200 bg-white p-4 shadow-sm">
      <div className="mb-2 flex items-start justify-between">
        <h2 className="text-base font-semibold text-gray-900">
          Event #{event.seq}: <span className="font-mono">{event.action}</span>
        </h2>
        <Link
          to={closeTo}
          preventScrollReset
          className="text-sm text-gray-500 hover:underline"
          aria-label="Close details"
        >
          Close
        </Link>
      </div>
      <dl>
        <Row label="Outcome">
          <OutcomeBadge outcome={event.outcome} />
          {event.reason ? <span className="ml-2 text-red-700">{event.reason}</span> : null}
        </Row>
        <Row label="When">{formatTime(event.occurredAt)}</Row>
        <Row label="Actor">
          {event.actor.type}: {event.actor.email ?? '—'}{' '}
          <span className="text-gray-500">({event.actor.id ?? '—'})</span>
        </Row>
        <Row label="Resource">{event.resource ? `${event.resource.type} ${event.resource.id ?? ''}` : '—'}</Row>
        <Row label="IP / country">
          {event.ip ?? '—'} / {event.country}
        </Row>
        <Row label="User agent">{event.userAgent ?? '—'}</Row>
        <Row label="Request id">{event.requestId ?? '—'}</Row>
        <Row label="Event id">{event.id}</Row>
        <Row label="Hash">
          <span className="font-mono text-xs">{event.hash}</span>
        </Row>
        <Row label="Previous hash">
          <span className="font-mono text-xs">{event.prevHash}</span>
        </Row>
      </dl>
      <h3 className="mb-1 mt-4 text-sm font-semibold text-gray-900">Before / after</h3>
      <ChangeDiff before={event.before} after={event.after} />
    </aside>
  );
}
