/**
 * A list of invitations as a table: address, roles and teams, who invited, when it was sent or
 * settled, its state, and — for open ones — Resend and Revoke (plain POST forms). An accepted
 * invitation shows whether the person is online now and links to their member page.
 */
import { Form, Link, useParams } from '@remix-run/react';
import { OnlineIndicator } from '~/components/presence';
import { formatUtc } from '~/lib/dates';
import { useCan } from '~/lib/permissions';
import type { InvitationRow } from '../../../server/invitations/schemas';
import { InvitationStatus } from './InvitationStatus';

/** Dates as the loader sent them (Date, or its ISO string); shown in UTC so server and browser agree. */
type Row = Omit<InvitationRow, 'createdAt' | 'expiresAt' | 'lastSentAt' | 'acceptedAt' | 'revokedAt'> & {
  createdAt: Date | string;
  expiresAt: Date | string;
  lastSentAt: Date | string;
  acceptedAt: Date | string | null;
  revokedAt: Date | string | null;
};

function names(refs: { name: string }[], fallback: string): string {
  return refs.length ? refs.map((r) => r.name).join(', ') : fallback;
}

function timeline(row: Row): string {
  if (row.state === 'accepted' && row.acceptedAt) return `Accepted ${formatUtc(row.acceptedAt)}`;
  if (row.state === 'revoked' && row.revokedAt) return `Revoked ${formatUtc(row.revokedAt)}`;
  const sent =
    row.sendCount > 1
      ? `Sent ${row.sendCount} times, last ${formatUtc(row.lastSentAt)}`
      : `Sent ${formatUtc(row.lastSentAt)}`;
  return `${sent} · ${row.state === 'expired' ? 'expired' : 'expires'} ${formatUtc(row.expiresAt)}`;
}

function RowActions({ row }: { row: Row }) {
  if (row.state !== 'pending' && row.state !== 'expired') return null;
  return (
    <div className="flex justify-end gap-2">
      <Form method="post">
        <input type="hidden" name="intent" value="resend" />
        <input type="hidden" name="invitationId" value={row.id} />
        <button
          type="submit"
          aria-label={`Resend the invitation to ${row.email}`}
          className="rounded-md border border-gray-300 bg-white px-2.5 py-1 text-xs font-medium text-gray-800 hover:bg-gray-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500"
        >
          Resend
        </button>
      </Form>
      <Form method="post">
        <input type="hidden" name="intent" value="revoke" />
        <input type="hidden" name="invitationId" value={row.id} />
        <button
          type="submit"
          aria-label={`Revoke the invitation to ${row.email}`}
          className="rounded-md border border-red-200 bg-white px-2.5 py-1 text-xs font-medium text-red-700 hover:bg-red-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-red-500"
        >
          Revoke
        </button>
      </Form>
    </div>
  );
}

export function InvitationTable({ rows, caption }: { rows: Row[]; caption: string }) {
  const slug = useParams().slug ?? '';
  const canSeeMembers = useCan()('users:read');
  const memberHref = (row: Row) =>
    row.state === 'accepted' && row.acceptedMembershipId && canSeeMembers
      ? `/o/${slug}/members/${row.acceptedMembershipId}`
      : null;
  return (
    <div className="overflow-x-auto rounded-md border border-gray-200 bg-white">
      <table className="min-w-full divide-y divide-gray-200 text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-gray-50 text-left text-xs font-semibold uppercase tracking-wide text-gray-500">
          <tr>
            <th scope="col" className="px-3 py-2">
              Email
            </th>
            <th scope="col" className="px-3 py-2">
              Roles and teams
            </th>
            <th scope="col" className="px-3 py-2">
              Status
            </th>
            <th scope="col" className="px-3 py-2">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-gray-100">
          {rows.map((row) => (
            <tr key={row.id} data-invitation-id={row.id}>
              <th
                scope="row"
                className="min-w-48 px-3 py-2 text-left font-medium text-gray-900 [overflow-wrap:anywhere]"
              >
                <span className="flex items-center gap-2">
                  {row.state === 'accepted' && row.acceptedMembershipId ? (
                    <OnlineIndicator membershipId={row.acceptedMembershipId} />
                  ) : null}
                  {memberHref(row) ? (
                    <Link to={memberHref(row)!} className="text-blue-700 hover:underline">
                      {row.email}
                    </Link>
                  ) : (
                    row.email
                  )}
                </span>
                <span className="block text-xs font-normal text-gray-500">
                  {row.invitedBy ? `Invited by ${row.invitedBy}` : 'Invited by a former member'}
                </span>
              </th>
              <td className="min-w-40 px-3 py-2 text-gray-700 [overflow-wrap:anywhere]">
                <span className="block">{names(row.roles, 'Member')}</span>
                {row.teams.length ? <span className="block text-xs text-gray-500">{names(row.teams, '')}</span> : null}
              </td>
              <td className="px-3 py-2">
                <InvitationStatus state={row.state} />
                <span className="mt-1 block text-xs text-gray-500">{timeline(row)}</span>
              </td>
              <td className="px-3 py-2">
                <RowActions row={row} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
