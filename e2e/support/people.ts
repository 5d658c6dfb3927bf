/**
 * Who the journeys act as, and the few steps every journey repeats (signing up, signing in and
 * out), done through the pages the way a person does them: labelled fields and named buttons.
 * The demo accounts come from the seed (e2e/start-server.mjs runs `demo:seed`); journeys that
 * change state sign up a fresh person instead, so specs never depend on each other.
 *
 * Where signing up or in is only the setup of a journey about something else, `…ByApi` does it
 * through the same tRPC procedures the pages call, in the browser context (so the session
 * cookie lands in it), which spares a page load and a hydration per step.
 */
import { expect, type APIRequestContext, type BrowserContext, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { openPage, waitForHydration } from './hydration';

export const DEMO_PASSWORD = 'atrium-demo-password';
export const DEMO_ORG = { slug: 'acme', name: 'Acme Corp' } as const;
export const DEMO = {
  owner: 'owner@acme.test',
  admin: 'admin@acme.test',
  member: 'member@acme.test',
  viewer: 'viewer@acme.test',
  billing: 'billing@acme.test',
} as const;

export type NewPerson = { name: string; email: string; password: string; orgName: string };

/** A person nobody has signed up yet: the email and org name are unique to this call. */
export function newPerson(label: string): NewPerson {
  const id = `${Date.now().toString(36)}${randomUUID().slice(0, 6)}`;
  return {
    name: `${label} ${id.slice(-4)}`,
    email: `${label.toLowerCase().replace(/\W+/g, '.')}.${id}@e2e.example`,
    password: `e2e-password-${id}`,
    orgName: `${label} Works ${id}`,
  };
}

/** POSTs a tRPC mutation the way the app's client does; returns its result or throws its message. */
async function mutate<T>(request: APIRequestContext, path: string, input: unknown): Promise<T> {
  const response = await request.post(`/trpc/${path}`, { data: { json: input } });
  const body = (await response.json().catch(() => null)) as {
    result?: { data?: { json?: T } };
    error?: { json?: { message?: string } };
  } | null;
  if (!response.ok()) {
    throw new Error(`${path} answered ${response.status()}: ${body?.error?.json?.message ?? (await response.text())}`);
  }
  return body?.result?.data?.json as T;
}

/** Signs a new person up in `context` (signed in afterwards); returns their organization's slug. */
export async function signUpByApi(context: BrowserContext, person: NewPerson): Promise<string> {
  const { orgSlug } = await mutate<{ orgSlug: string }>(context.request, 'auth.signup', person);
  return orgSlug;
}

/** Signs in within `context`; returns where the app would send them. */
export async function logInByApi(context: BrowserContext, email: string, password = DEMO_PASSWORD): Promise<string> {
  const { redirectTo } = await mutate<{ redirectTo: string }>(context.request, 'auth.login', { email, password });
  return redirectTo;
}

/** A person with an account who is not signed in in `context`. */
export async function existingPerson(context: BrowserContext, label: string): Promise<NewPerson & { slug: string }> {
  const person = newPerson(label);
  const slug = await signUpByApi(context, person);
  await context.clearCookies();
  return { ...person, slug };
}

/** Fills /signup and waits for the new organization's dashboard; returns its slug. */
export async function signUp(page: Page, person: NewPerson): Promise<string> {
  await openPage(page, '/signup');
  await page.getByLabel('Your name').fill(person.name);
  await page.getByLabel('Work email').fill(person.email);
  await page.getByLabel('Password', { exact: true }).fill(person.password);
  await page.getByLabel('Organization name').fill(person.orgName);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/o\/[a-z0-9-]+$/);
  return new URL(page.url()).pathname.split('/')[2]!;
}

/** Fills the sign-in form the page shows and submits it; the caller asserts where that leads. */
export async function fillLogin(page: Page, email: string, password: string): Promise<void> {
  await waitForHydration(page);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Opens /login, fills it and submits. */
export async function submitLogin(page: Page, email: string, password: string): Promise<void> {
  await openPage(page, '/login');
  await fillLogin(page, email, password);
}

/** Signs in and waits to land inside an organization. */
export async function logIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await submitLogin(page, email, password);
  await expect(page).toHaveURL(/\/o\/[a-z0-9-]+/);
}

/** Signs out from the account menu in the top bar. */
export async function logOut(page: Page): Promise<void> {
  await waitForHydration(page);
  await page.getByRole('button', { name: /^Account menu for / }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login\b/);
}
