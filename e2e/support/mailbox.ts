/**
 * Reads the development mailbox of the end-to-end server: without SMTP_URL the mailer writes
 * each message to `<DATA_DIR>/mailbox/<timestamp>-<id>.json` as { to, subject, text, html,
 * createdAt }. e2e/start-server.mjs empties the folder before the server starts.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { E2E_DATA_DIR } from './env';

export type MailMessage = {
  to: string | string[];
  subject: string;
  text: string;
  html?: string;
  createdAt: string;
  /** The file it was read from, for failure messages. */
  file: string;
};

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const MAILBOX_DIR = resolve(REPO_ROOT, E2E_DATA_DIR, 'mailbox');

/** `Ada <ada@example.com>` → `ada@example.com`, lower-cased. */
function addressOf(recipient: string): string {
  const match = /<([^>]+)>/.exec(recipient);
  return (match?.[1] ?? recipient).trim().toLowerCase();
}

function recipients(message: MailMessage): string[] {
  const to = Array.isArray(message.to) ? message.to : String(message.to).split(',');
  return to.map(addressOf);
}

/** Every message in the mailbox, newest first. */
export async function readMailbox(): Promise<MailMessage[]> {
  let names: string[];
  try {
    names = (await readdir(MAILBOX_DIR)).filter((name) => name.endsWith('.json'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const messages: MailMessage[] = [];
  for (const name of names) {
    try {
      const file = join(MAILBOX_DIR, name);
      messages.push({ ...(JSON.parse(await readFile(file, 'utf8')) as Omit<MailMessage, 'file'>), file });
    } catch {
      // A file still being written is picked up by the next poll.
    }
  }
  const time = (m: MailMessage) => Date.parse(m.createdAt) || 0;
  return messages.sort((a, b) => time(b) - time(a) || b.file.localeCompare(a.file));
}

/**
 * The newest message to `email`, waiting up to `timeoutMs` for it to arrive. Pass `since` (for
 * example the time the test clicked "Send") to ignore older messages to the same address.
 */
export async function latestMailTo(
  email: string,
  { timeoutMs = 10_000, since }: { timeoutMs?: number; since?: Date } = {},
): Promise<MailMessage> {
  const wanted = email.trim().toLowerCase();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const messages = await readMailbox();
    const found = messages.find(
      (m) => recipients(m).includes(wanted) && (!since || Date.parse(m.createdAt) >= since.getTime()),
    );
    if (found) return found;
    if (Date.now() >= deadline) {
      const seen = messages.slice(0, 10).map((m) => `  ${recipients(m).join(', ')}: ${m.subject}`);
      throw new Error(
        `No mail to ${email} in ${MAILBOX_DIR} within ${timeoutMs} ms.` +
          (seen.length ? ` Newest messages:\n${seen.join('\n')}` : ' The mailbox is empty.'),
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The first link in a message's text that starts with `prefix` (e.g. the app URL + '/invite/'). */
export function linkIn(message: MailMessage, prefix = 'http'): string {
  const links = message.text.match(/https?:\/\/[^\s<>"')\]]+/g) ?? [];
  const link = links.find((l) => l.startsWith(prefix));
  if (!link) throw new Error(`No link starting with ${prefix} in "${message.subject}":\n${message.text}`);
  return link;
}
