/**
 * Sending email. With SMTP_URL set, through nodemailer to that server. Without it, into the local
 * dev mailbox: one JSON file per message under <DATA_DIR>/mailbox (end-to-end tests read it) and
 * an info log line with the links in the message, which is how a developer finds a reset link.
 */
import nodemailer from 'nodemailer';
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { env } from '../server/env';
import { logger, type Logger } from '../server/logger';

export type MailMessage = { to: string; subject: string; text: string; html?: string };
export type StoredMail = MailMessage & { id: string; createdAt: string };
export type SentMail = { id: string; via: 'smtp' | 'mailbox' };

export type MailerOptions = {
  /** Defaults to env.SMTP_URL; null (or no SMTP_URL) sends to the local mailbox. */
  smtpUrl?: string | null;
  mailboxDir?: string;
  log?: Logger;
};

const LINK = /https?:\/\/[^\s<>"')\]]+/g;

export function defaultMailboxDir(): string {
  return path.resolve(env.DATA_DIR, 'mailbox');
}

export async function sendMail(message: MailMessage, options: MailerOptions = {}): Promise<SentMail> {
  const log = options.log ?? logger;
  const smtpUrl = options.smtpUrl === undefined ? env.SMTP_URL : options.smtpUrl;
  if (smtpUrl) {
    const transport = nodemailer.createTransport(smtpUrl);
    const info = await transport.sendMail({ from: env.MAIL_FROM, ...message });
    log.info({ messageId: info.messageId, to: message.to, subject: message.subject }, 'mail sent');
    return { id: info.messageId, via: 'smtp' };
  }
  const stored = await storeInMailbox(message, options.mailboxDir ?? defaultMailboxDir());
  log.info(
    {
      mailId: stored.id,
      to: message.to,
      subject: message.subject,
      links: message.text.match(LINK) ?? [],
      file: stored.file,
    },
    'mail stored in the local mailbox (SMTP_URL is not set)',
  );
  return { id: stored.id, via: 'mailbox' };
}

async function storeInMailbox(message: MailMessage, dir: string): Promise<{ id: string; file: string }> {
  const id = randomUUID();
  const mail: StoredMail = {
    id,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    createdAt: new Date().toISOString(),
  };
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${Date.now()}-${id}.json`);
  // Written aside and renamed, so a reader never sees half a message.
  await writeFile(`${file}.tmp`, JSON.stringify(mail, null, 2));
  await rename(`${file}.tmp`, file);
  return { id, file };
}

/** Every stored message, oldest first. */
export async function readMailbox(dir = defaultMailboxDir()): Promise<StoredMail[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files = names.filter((name) => name.endsWith('.json')).sort();
  return Promise.all(files.map(async (name) => JSON.parse(await readFile(path.join(dir, name), 'utf8')) as StoredMail));
}
