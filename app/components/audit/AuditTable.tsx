/** The events of one page (plus live ones on top); a row links to its detail panel. */
import { Link } from '@remix-run/react';
import type { AuditEvent } from '../../../server/audit/types';

export function OutcomeBadge({ outcome }: { outcome: AuditEvent['outcome'] }) {
  return outcome === 'success' ? (
    <span className="rounded bg-emerald-50 px-1.5 py-0.5 text-xs font-medium text-emerald-700">success</span>
  ) : (
    <span className="rounded bg-red-50 px-1.5 py-0.5 text-xs font-medium text-red-700">failure</span>
  );
}

export function formatTime(iso: string): string {
  return iso.replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

export function AuditTable({
  events,
  freshSeqs,
  linkFor,
  selectedSeq,
}: {
  events: AuditEvent[];
  freshSeqs: ReadonlySet<number>;
  linkFor: (seq: number) => string;
  selectedSeq: number | null;
}) {
  if (events.length === 0)
    return <p className="py-8 text-center text-sm text-gray-500">No events match these filters.</p>;
  return (
    // Below the sm breakpoint each event is a wrapped block of its cells (the headers stay for
    // screen readers), so a phone shows every column instead of cutting them off after Actor.
    <table
      className="relative w-full text-left text-sm max-sm:block max-sm:[overflow-wrap:anywhere]"
      aria-label="Audit events"
    >
      <thead className="border-b border-gray-200 text-xs uppercase text-gray-500 max-sm:sr-only">
        <tr>
          <th className="py-2 pr-3 font-medium">#</th>
          <th className="py-2 pr-3 font-medium">Time</th>
          <th className="py-2 pr-3 font-medium">Actor</th>
          <th className="py-2 pr-3 font-medium">Action</th>
          <th className="py-2 pr-3 font-medium">Resource</th>
          <th className="py-2 pr-3 font-medium">Outcome</th>
          <th className="py-2 font-medium">Where</th>
        </tr>
      </thead>
      <tbody className="max-sm:block">
        {events.map((event) => (
          <tr
            key={event.seq}
            data-seq={event.seq}
            className={`border-b border-gray-100 align-top max-sm:flex max-sm:flex-wrap max-sm:gap-x-3 max-sm:py-2 max-sm:[&>td]:py-0.5 ${selectedSeq === event.seq ? 'bg-blue-50' : freshSeqs.has(event.seq) ? 'bg-yellow-50' : ''}`}
          >
            <td className="py-2 pr-3 text-gray-500">{event.seq}</td>
            <td className="whitespace-nowrap py-2 pr-3 text-gray-700">{formatTime(event.occurredAt)}</td>
            <td className="py-2 pr-3">{event.actor.email ?? event.actor.id ?? event.actor.type}</td>
            <td className="py-2 pr-3">
              <Link to={linkFor(event.seq)} preventScrollReset className="font-mono text-blue-700 hover:underline">
                {event.action}
              </Link>
              {event.hasChange ? <span className="ml-1 text-xs text-gray-500">(diff)</span> : null}
            </td>
            <td className="py-2 pr-3 text-gray-700">
              {event.resource
                ? `${event.resource.type}${event.resource.id ? ` ${event.resource.id.slice(0, 8)}` : ''}`
                : '—'}
            </td>
            <td className="py-2 pr-3">
              <OutcomeBadge outcome={event.outcome} />
              {event.reason ? <div className="mt-1 max-w-xs text-xs text-red-700">{event.reason}</div> : null}
            </td>
            <td className="py-2 text-xs text-gray-500">
              {event.ip ?? '—'} · {event.country}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
