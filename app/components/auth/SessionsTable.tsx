/**
 * Where the user is signed in: one row per session with device, IP and times, a "Revoke"
 * button for every session but the current one, and "Sign out other sessions".
 */
import { useFetcher } from '@remix-run/react';
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from '~/components/ui/tremor';
import { Badge } from '~/components/Badge';
import { FormAlert, SubmitButton } from '~/components/forms';
import { formatUtc } from '~/lib/dates';
import type { action } from '~/routes/account';

export type SessionView = {
  id: string;
  isCurrent: boolean;
  device: string;
  ip: string | null;
  createdAt: Date;
  lastSeenAt: Date;
};

function When({ date }: { date: Date }) {
  return <time dateTime={date.toISOString()}>{formatUtc(date)}</time>;
}

function RevokeButton({ session }: { session: SessionView }) {
  const fetcher = useFetcher<typeof action>();
  const failure = fetcher.data && !fetcher.data.ok ? fetcher.data : undefined;
  const isRevoking = fetcher.state !== 'idle';
  return (
    <fetcher.Form method="post" className="flex flex-col items-end gap-1">
      <input type="hidden" name="intent" value="revoke" />
      <input type="hidden" name="id" value={session.id} />
      <SubmitButton
        variant="secondary"
        color="red"
        size="xs"
        loading={isRevoking}
        disabled={isRevoking}
        loadingText="Revoking…"
        aria-label={`Revoke session on ${session.device}`}
      >
        Revoke
      </SubmitButton>
      {failure ? (
        <span role="alert" className="text-xs text-red-600">
          {failure.message}
        </span>
      ) : null}
    </fetcher.Form>
  );
}

function SignOutOthersButton({ hasOthers }: { hasOthers: boolean }) {
  const fetcher = useFetcher<typeof action>();
  const result = fetcher.data?.intent === 'signOutOthers' ? fetcher.data : undefined;
  const isBusy = fetcher.state !== 'idle';
  return (
    <fetcher.Form method="post" className="space-y-3">
      <input type="hidden" name="intent" value="signOutOthers" />
      <FormAlert message={result?.message} tone={result?.ok ? 'success' : 'error'} />
      <SubmitButton variant="secondary" loading={isBusy} disabled={isBusy || !hasOthers} loadingText="Signing out…">
        Sign out other sessions
      </SubmitButton>
    </fetcher.Form>
  );
}

export function SessionsTable({ sessions }: { sessions: SessionView[] }) {
  return (
    <div className="space-y-5">
      <Table>
        <TableHead>
          <TableRow>
            <TableHeaderCell>Device</TableHeaderCell>
            <TableHeaderCell>IP address</TableHeaderCell>
            <TableHeaderCell>Signed in</TableHeaderCell>
            <TableHeaderCell>Last seen</TableHeaderCell>
            <TableHeaderCell>
              <span className="sr-only">Actions</span>
            </TableHeaderCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {sessions.map((session) => (
            <TableRow key={session.id}>
              <TableCell>
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-medium text-gray-900">{session.device}</span>
                  {session.isCurrent ? <Badge color="emerald">This device</Badge> : null}
                </div>
              </TableCell>
              <TableCell>{session.ip ?? 'Unknown'}</TableCell>
              <TableCell>
                <When date={session.createdAt} />
              </TableCell>
              <TableCell>
                <When date={session.lastSeenAt} />
              </TableCell>
              <TableCell className="text-right">
                {session.isCurrent ? null : <RevokeButton session={session} />}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <SignOutOthersButton hasOthers={sessions.some((s) => !s.isCurrent)} />
    </div>
  );
}
