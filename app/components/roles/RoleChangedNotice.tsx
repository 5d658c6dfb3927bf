/**
 * Tells an admin, while they edit a role, that someone else just saved (or deleted) it: who, the
 * new version and what changed in plain words, with a link that loads the latest version. Their
 * own typed values stay in the form until they choose to load it — nothing is replaced under
 * them. Listens to roles.changes over the WebSocket; renders nothing until there is news.
 */
import { Link, useNavigation } from '@remix-run/react';
import { Callout } from '~/components/ui/tremor';
import { useState } from 'react';
import type { RoleChange } from '../../../server/roles/roleChanges';
import type { RoleView } from '../../../server/roles/roleSchemas';
import { trpc } from '~/lib/trpc';
import { summarizeRoleChange } from './roleChangeSummary';

export function RoleChangedNotice({
  orgSlug,
  role,
  reloadHref,
  rolesHref,
}: {
  orgSlug: string;
  /** The role as the editor shows it. */
  role: RoleView;
  reloadHref: string;
  rolesHref: string;
}) {
  const [change, setChange] = useState<RoleChange | null>(null);
  const navigation = useNavigation();
  trpc.roles.changes.useSubscription(
    { orgSlug, roleId: role.id, knownVersion: role.version },
    { onData: (next) => setChange(next) },
  );
  // While this editor's own save is on its way, the news may be that very save: wait for it.
  if (!change || navigation.state !== 'idle') return null;
  const who = change.by?.name ?? 'Someone';

  if (change.kind === 'deleted') {
    return (
      <Callout title={`${who} deleted this role`} color="red" role="status">
        <p>Saving is no longer possible. What you typed stays here until you leave the page.</p>
        <Link to={rolesHref} className="mt-2 inline-block font-medium underline">
          Back to roles
        </Link>
      </Callout>
    );
  }
  if (change.version <= role.version) return null;
  const lines = summarizeRoleChange(role, change.role, change.fields);
  return (
    <Callout title={`${who} changed this role (now version ${change.version})`} color="amber" role="status">
      <p>You are editing version {role.version}. Their changes:</p>
      <ul className="ml-5 mt-1 list-disc">
        {lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <p className="mt-2">
        Your edits stay in the form below. Saving them now would be refused, because they are based on the older
        version.
      </p>
      <Link to={reloadHref} replace className="mt-2 inline-block font-medium underline">
        Load the latest version (discards your unsaved edits)
      </Link>
    </Callout>
  );
}
