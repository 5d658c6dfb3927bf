/**
 * Steps the invitation journeys repeat: the invitations page's rows and form, inviting through
 * the same procedure the page calls, and opening an invitation link from the dev mailbox.
 */
import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { latestMailTo, linkIn } from './mailbox';

/** The row (in either table) for an invited address. */
export function invitationRow(page: Page, email: string): Locator {
  return page.getByRole('main').getByRole('row').filter({ hasText: email });
}

/** The status badge of an invitation's row ("Pending", "Accepted", …). */
export function invitationStatus(page: Page, email: string): Locator {
  return invitationRow(page, email).getByTestId('invitation-status');
}

/** Invites addresses through invitations.invite as the signed-in admin of `request`'s context. */
export async function inviteByApi(request: APIRequestContext, orgSlug: string, emails: string[]): Promise<void> {
  const response = await request.post('/trpc/invitations.invite', {
    data: { json: { orgSlug, emails: emails.join('\n') } },
  });
  expect(response.ok(), `invitations.invite answered ${response.status()}: ${await response.text()}`).toBe(true);
}

/** The invitation link emailed to `email` (newest), from the e2e server's dev mailbox. */
export async function invitationLinkFor(email: string, baseURL: string, since?: Date): Promise<string> {
  const mail = await latestMailTo(email, { since, timeoutMs: 15_000 });
  expect(mail.subject).toMatch(/ invited you to join .+ on Atrium$/);
  return linkIn(mail, `${baseURL}/invite/`);
}
