/**
 * The org's teams as nested lists: each team with a disclosure button when it has sub-teams
 * (aria-expanded, aria-controls — Tab reaches it, Enter or Space toggles it), a link to its page,
 * its kind, member count and leads. Everything starts expanded, so the server-rendered page shows
 * the whole tree even before (or without) JavaScript.
 */
import { Link } from '@remix-run/react';
import { Badge } from '~/components/Badge';
import { Button } from '~/components/Button';
import { useId, useState } from 'react';
import type { TeamNode } from '../../../server/teams/teamSchemas';
import { childrenOf } from './treeOrder';
import { countOf } from '../../../server/shared/plural';

function TeamItem({
  team,
  childMap,
  collapsed,
  onToggle,
  hrefOf,
  listId,
}: {
  team: TeamNode;
  childMap: Map<string | null, TeamNode[]>;
  collapsed: ReadonlySet<string>;
  onToggle: (id: string) => void;
  hrefOf: (id: string) => string;
  listId: string;
}) {
  const below = childMap.get(team.id) ?? [];
  const isOpen = !collapsed.has(team.id);
  const subListId = `${listId}-${team.id}`;
  return (
    <li className="py-1">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 rounded-md px-2 py-1.5 hover:bg-gray-50">
        {below.length > 0 ? (
          <button
            type="button"
            onClick={() => onToggle(team.id)}
            aria-expanded={isOpen}
            aria-controls={subListId}
            aria-label={`${isOpen ? 'Collapse' : 'Expand'} ${team.name}`}
            className="inline-flex h-6 w-6 items-center justify-center rounded text-gray-600 hover:bg-gray-200 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500"
          >
            <span aria-hidden="true">{isOpen ? '▾' : '▸'}</span>
          </button>
        ) : (
          <span className="inline-block h-6 w-6" aria-hidden="true" />
        )}
        <Link to={hrefOf(team.id)} className="font-medium text-blue-700 hover:underline">
          {team.name}
        </Link>
        {team.kind === 'department' ? <Badge color="indigo">Department</Badge> : null}
        <span className="text-sm text-gray-600">{countOf(team.memberCount, 'member', 'members')}</span>
        {team.leads.length > 0 ? (
          <span className="text-sm text-gray-600">
            {team.leads.length === 1 ? 'Lead' : 'Leads'}: {team.leads.map((l) => l.name).join(', ')}
          </span>
        ) : null}
        {below.length > 0 && !isOpen ? (
          <span className="text-xs text-gray-500">{countOf(below.length, 'sub-team', 'sub-teams')} hidden</span>
        ) : null}
      </div>
      {below.length > 0 ? (
        <ul id={subListId} hidden={!isOpen} className="ml-5 border-l border-gray-200 pl-3">
          {below.map((child) => (
            <TeamItem
              key={child.id}
              team={child}
              childMap={childMap}
              collapsed={collapsed}
              onToggle={onToggle}
              hrefOf={hrefOf}
              listId={listId}
            />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

export function TeamTree({ teams, hrefOf }: { teams: TeamNode[]; hrefOf: (id: string) => string }) {
  const listId = useId();
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const childMap = childrenOf(teams);
  const parents = teams.filter((t) => (childMap.get(t.id)?.length ?? 0) > 0).map((t) => t.id);
  const toggle = (id: string) =>
    setCollapsed((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <div className="space-y-2">
      {parents.length > 0 ? (
        <div className="flex gap-2">
          <Button type="button" size="xs" variant="secondary" onClick={() => setCollapsed(new Set())}>
            Expand all
          </Button>
          <Button type="button" size="xs" variant="secondary" onClick={() => setCollapsed(new Set(parents))}>
            Collapse all
          </Button>
        </div>
      ) : null}
      <ul aria-label="Teams" className="space-y-1">
        {(childMap.get(null) ?? []).map((team) => (
          <TeamItem
            key={team.id}
            team={team}
            childMap={childMap}
            collapsed={collapsed}
            onToggle={toggle}
            hrefOf={hrefOf}
            listId={listId}
          />
        ))}
      </ul>
    </div>
  );
}
