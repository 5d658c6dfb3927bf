/**
 * Steps the team journeys repeat: unique team names (the demo org is shared by every spec of a
 * run), creating a team through the "New team" form the way an admin does, creating one through
 * the same tRPC procedure the page calls when it is only the setup of a journey, and finding a
 * team in the tree.
 */
import { expect, type BrowserContext, type Page } from '@playwright/test';
import { openPage } from './hydration';
import { DEMO_ORG } from './people';

export function uniqueTeamName(label: string): string {
  return `${label} ${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
}

export type TeamDraft = { name: string; kind?: 'Team' | 'Department'; parent?: string };

/** Fills the "New team" form on /o/acme/teams and waits for the confirmation. */
export async function createTeamInPage(page: Page, team: TeamDraft): Promise<void> {
  await openPage(page, `/o/${DEMO_ORG.slug}/teams`);
  const form = page.getByRole('form', { name: 'New team' });
  await form.getByLabel('Name', { exact: true }).fill(team.name);
  if (team.kind) await form.getByLabel('Kind').selectOption({ label: team.kind });
  if (team.parent) await form.getByLabel('Parent team').selectOption({ label: team.parent });
  await form.getByRole('button', { name: 'Create team' }).click();
  await expect(page.getByRole('status').filter({ hasText: `${team.name} was created.` })).toBeVisible();
}

/** Creates a team through teams.create in `context` (signed in there); returns its id. */
export async function createTeamByApi(
  context: BrowserContext,
  input: { name: string; kind?: 'team' | 'department'; parentId?: string | null },
): Promise<string> {
  const response = await context.request.post('/trpc/teams.create', {
    data: { json: { orgSlug: DEMO_ORG.slug, ...input } },
  });
  const body = (await response.json()) as { result?: { data?: { json?: { id: string } } } };
  expect(response.ok(), JSON.stringify(body)).toBe(true);
  return body.result!.data!.json!.id;
}

/** The tree's list item of a team (the nested list inside it holds its sub-teams). */
export function treeItem(page: Page, name: string) {
  return page
    .getByRole('list', { name: 'Teams' })
    .getByRole('listitem')
    .filter({ has: page.getByRole('link', { name, exact: true }) })
    .last();
}
