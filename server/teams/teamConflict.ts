/**
 * What a refused stale save tells the editor: who changed the team since the version they
 * loaded and what they changed, read back from the team's own activity events (each carries the
 * version it produced), plus the team as it is now. Only runs when a save is refused.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import { outbox, users } from '../../db/schema';
import { AppError } from '../errors';
import type { Tx } from '../tenancy/withTenant';
import { getTeam } from './teamQueries';

export const TEAM_CONFLICT_MESSAGE = 'Someone else changed this team since you opened it';

/** Team events looked at; far more than two admins produce between loading a page and saving it. */
const RECENT_EVENTS = 50;

const FIELD_WORDS: Record<string, string> = {
  name: 'the name',
  description: 'the description',
  kind: 'the kind',
  parent: 'the parent team',
};

const EVENT_WORDS: Record<string, string> = {
  'team.member_added': 'the members',
  'team.member_removed': 'the members',
  'team.lead_changed': 'the leads',
};

export type TeamChange = { by: string | null; changed: string[]; version: number };

function wordsOf(type: string, data: Record<string, unknown>): string[] {
  if (type === 'team.updated' && Array.isArray(data.fields)) {
    return data.fields.filter((f): f is string => typeof f === 'string').map((f) => FIELD_WORDS[f] ?? f);
  }
  const word = EVENT_WORDS[type];
  return word ? [word] : [];
}

function listOf(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/** Changes to the team saved after `sinceVersion`, oldest first. */
export async function changesSince(tx: Tx, teamId: string, sinceVersion: number): Promise<TeamChange[]> {
  const rows = await tx
    .select({ type: outbox.type, data: outbox.data, by: users.name })
    .from(outbox)
    .leftJoin(users, eq(users.id, outbox.actorUserId))
    .where(
      and(
        eq(outbox.topic, 'activity'),
        sql`${outbox.type} like 'team.%'`,
        sql`${outbox.data} @> ${JSON.stringify({ teamId })}::jsonb`,
      ),
    )
    .orderBy(desc(outbox.id))
    .limit(RECENT_EVENTS);
  return rows
    .map((row) => ({ by: row.by, changed: wordsOf(row.type, row.data), version: Number(row.data.version) }))
    .filter((change) => Number.isFinite(change.version) && change.version > sinceVersion)
    .reverse();
}

/** "Adam Admin changed the name and the parent team." — one sentence per person, in order. */
export function describeChanges(changes: readonly TeamChange[]): string {
  const byPerson = new Map<string, string[]>();
  for (const change of changes) {
    const who = change.by ?? 'A former member';
    const words = byPerson.get(who) ?? [];
    for (const word of change.changed) if (!words.includes(word)) words.push(word);
    byPerson.set(who, words);
  }
  return [...byPerson].map(([who, words]) => `${who} changed ${words.length ? listOf(words) : 'it'}.`).join(' ');
}

/** The CONFLICT a stale save gets: the message says who changed what; details carry the team as it is now. */
export async function staleTeamError(tx: Tx, orgId: string, teamId: string, sinceVersion: number) {
  const [current, changes] = [await getTeam(tx, orgId, teamId), await changesSince(tx, teamId, sinceVersion)];
  const summary = describeChanges(changes);
  return new AppError('STALE_VERSION', summary ? `${TEAM_CONFLICT_MESSAGE}: ${summary}` : `${TEAM_CONFLICT_MESSAGE}.`, {
    current,
    changes,
  });
}
