/**
 * The mailer against real peers: an SMTP server from `smtp-server` on loopback receives and
 * parses the message; without an SMTP URL the message is a JSON file in the mailbox folder.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { env } from '../server/env';
import { readMailbox, sendMail } from './mailer';

type Delivery = { from: string | undefined; to: string[]; raw: string };

let smtp: SMTPServer;
let smtpUrl: string;
const deliveries: Delivery[] = [];
let mailboxDir: string;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        deliveries.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  mailboxDir = await mkdtemp(path.join(tmpdir(), 'atrium-mailbox-'));
});

afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await rm(mailboxDir, { recursive: true, force: true });
});

/** Header value from a raw RFC 5322 message (unfolded). */
function header(raw: string, name: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  return head
    .split(/\r?\n/)
    .find((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`))
    ?.slice(name.length + 1)
    .trim();
}

describe('sendMail', () => {
  it('delivers over SMTP with the configured sender', async () => {
    const sent = await sendMail(
      {
        to: 'ada@example.test',
        subject: 'Welcome to Acme',
        text: 'Your workspace is ready.\nSign in at http://localhost:3000/login',
      },
      { smtpUrl },
    );
    expect(sent.via).toBe('smtp');
    expect(deliveries).toHaveLength(1);
    const [delivery] = deliveries;
    expect(delivery!.to).toEqual(['ada@example.test']);
    expect(env.MAIL_FROM).toContain(`<${delivery!.from}>`);
    expect(header(delivery!.raw, 'Subject')).toBe('Welcome to Acme');
    expect(header(delivery!.raw, 'To')).toBe('ada@example.test');
    expect(header(delivery!.raw, 'Message-ID')).toBe(sent.id);
    expect(delivery!.raw).toContain('Your workspace is ready.');
  });

  it('stores the message as JSON in the mailbox folder without SMTP', async () => {
    const sent = await sendMail(
      {
        to: 'grace@example.test',
        subject: 'Reset',
        text: 'Open https://atrium.example/reset?token=t0k',
        html: '<p>Open</p>',
      },
      { smtpUrl: null, mailboxDir },
    );
    expect(sent.via).toBe('mailbox');
    const files = await readdir(mailboxDir);
    expect(files).toEqual([expect.stringMatching(new RegExp(`^\\d{13}-${sent.id}\\.json$`))]);
    expect(await readMailbox(mailboxDir)).toEqual([
      {
        id: sent.id,
        to: 'grace@example.test',
        subject: 'Reset',
        text: 'Open https://atrium.example/reset?token=t0k',
        html: '<p>Open</p>',
        createdAt: expect.stringMatching(/Z$/),
      },
    ]);
  });

  it('reads an absent mailbox as empty', async () => {
    expect(await readMailbox(path.join(mailboxDir, 'missing'))).toEqual([]);
  });
});
