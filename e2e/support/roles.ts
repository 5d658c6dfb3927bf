/**
 * Steps the role journeys repeat: filling the role editor the way an admin does (labelled
 * fields and checkboxes), and an optional screenshot of a page for a person to look at.
 */
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { openPage } from './hydration';
import { DEMO_ORG } from './people';

export type RoleDraft = { name: string; parents?: string[]; permissions?: string[] };

/** A role name no other run of the suite has used (the demo org is shared across specs). */
export function uniqueRoleName(label: string): string {
  return `${label} ${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
}

export function parentCheckbox(page: Page, name: string) {
  return page
    .getByRole('group', { name: 'Inherits from' })
    .getByRole('checkbox', { name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\(system\\))?$`) });
}

/** Creates a role on /o/acme/roles/new and waits to be back on the list. */
export async function createRole(page: Page, role: RoleDraft): Promise<void> {
  await openPage(page, `/o/${DEMO_ORG.slug}/roles/new`);
  await page.getByLabel('Name', { exact: true }).fill(role.name);
  for (const parent of role.parents ?? []) await parentCheckbox(page, parent).check();
  for (const permission of role.permissions ?? []) {
    await page.getByRole('checkbox', { name: new RegExp(`^${permission}\\b`) }).check();
  }
  await page.getByRole('button', { name: 'Create role' }).click();
  await expect(page).toHaveURL(new RegExp(`/o/${DEMO_ORG.slug}/roles$`));
}

/** The list's card for one role (a region named by the role's heading). */
export function roleCard(page: Page, name: string) {
  return page.getByRole('region', { name, exact: true });
}

/** Saves a full-page screenshot when ROLES_SCREENSHOT_DIR is set (for reviewing the layout). */
export async function screenshotForReview(page: Page, file: string): Promise<void> {
  const dir = process.env.ROLES_SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: `${dir}/${file}`, fullPage: true });
}

/** Calls a tRPC procedure as the signed-in person of `request` (setup and clean-up, not the journey). */
export async function trpcCall<T>(
  request: APIRequestContext,
  kind: 'query' | 'mutation',
  path: string,
  input: unknown,
): Promise<T> {
  const response =
    kind === 'query'
      ? await request.get(`/trpc/${path}`, { params: { input: JSON.stringify({ json: input }) } })
      : await request.post(`/trpc/${path}`, { data: { json: input } });
  expect(response.ok(), `${path} answered ${response.status()}: ${await response.text()}`).toBe(true);
  return ((await response.json()) as { result: { data: { json: T } } }).result.data.json;
}
