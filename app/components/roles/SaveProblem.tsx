/**
 * Why a role save was refused, shown above the form: the server's message, the permissions the
 * editor lacks (no escalation), or — when someone else saved first — what they saved, with a
 * link that reloads the editor on their version.
 */
import { Link } from '@remix-run/react';
import { Callout } from '~/components/ui/tremor';
import type { RoleView } from '../../../server/roles/roleSchemas';

export function SaveProblem({
  message,
  missingPermissions,
  latest,
  reloadHref,
}: {
  message: string;
  missingPermissions: string[];
  latest: RoleView | null;
  reloadHref: string;
}) {
  return (
    <Callout title="The role was not saved" color="red" role="alert">
      <p>{message}</p>
      {missingPermissions.length > 0 ? (
        <div className="mt-2">
          <p>Permissions you do not hold:</p>
          <ul className="ml-5 list-disc">
            {missingPermissions.map((p) => (
              <li key={p}>
                <code>{p}</code>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {latest ? (
        <div className="mt-2 space-y-1">
          <p>
            Saved by someone else: <strong>{latest.name}</strong>
            {latest.description ? ` — ${latest.description}` : ''}; inherits from{' '}
            {latest.parents.length ? latest.parents.map((p) => p.name).join(', ') : 'no role'}; grants{' '}
            {latest.permissions.length ? latest.permissions.join(', ') : 'nothing directly'}.
          </p>
          <Link to={reloadHref} reloadDocument className="font-medium underline">
            Reload
          </Link>
        </div>
      ) : null}
    </Callout>
  );
}
