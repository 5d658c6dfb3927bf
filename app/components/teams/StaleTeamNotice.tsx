/**
 * Why a team save was refused when someone else saved first: the server's sentence (who changed
 * what) and the team as they left it, field by field, with what this editor typed beside any
 * value that differs. The form below keeps the editor's values; saving again replaces theirs on
 * purpose, and "Load their version" discards the editor's changes instead.
 */
import { Link } from '@remix-run/react';
import { Callout } from '~/components/ui/tremor';
import type { TeamView } from '../../../server/teams/teamSchemas';
import type { TeamFormValues } from './TeamFields';

const KIND_LABEL: Record<string, string> = { team: 'Team', department: 'Department' };

export function StaleTeamNotice({
  message,
  latest,
  draft,
  parentName,
  reloadHref,
}: {
  message: string;
  latest: TeamView;
  draft: TeamFormValues | null;
  /** The name of a team id (the draft's parent), from the page's team list. */
  parentName: (id: string) => string;
  reloadHref: string;
}) {
  const theirParent = latest.path.at(-1)?.name ?? 'None (top level)';
  const rows: { label: string; theirs: string; yours: string | null }[] = [
    { label: 'Name', theirs: latest.name, yours: draft?.name.trim() ?? null },
    {
      label: 'Kind',
      theirs: KIND_LABEL[latest.kind] ?? latest.kind,
      yours: draft ? (KIND_LABEL[draft.kind] ?? draft.kind) : null,
    },
    {
      label: 'Parent team',
      theirs: theirParent,
      yours: draft ? (draft.parentId ? parentName(draft.parentId) : 'None (top level)') : null,
    },
    {
      label: 'Description',
      theirs: latest.description || '(none)',
      yours: draft ? draft.description.trim() || '(none)' : null,
    },
  ];
  return (
    <Callout title="The team was not saved" color="red" role="alert">
      <p>{message}</p>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
        {rows.map((row) => (
          <div key={row.label} className="contents">
            <dt className="font-medium">{row.label}</dt>
            <dd>
              Now: <strong>{row.theirs}</strong>
              {row.yours !== null && row.yours !== row.theirs ? <span> (you entered: {row.yours})</span> : null}
            </dd>
          </div>
        ))}
      </dl>
      <p className="mt-2">
        Your values are still in the form: save again to replace theirs, or{' '}
        <Link to={reloadHref} reloadDocument className="font-medium underline">
          load their version
        </Link>
        .
      </p>
    </Callout>
  );
}
