/**
 * The invitation email over real SMTP: SMTP_URL points at an `smtp-server` listening on loopback
 * (started before any app module reads the environment), a real Bull worker runs the sendEmail
 * job, and the test parses what the server received — envelope, headers, the decoded body — and
 * accepts the invitation with the link it carries.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestOrg, type TestOrg } from '../server/activity/testFixtures';
import { env } from '../server/env';
import { anonymousCaller, memberWithEmail, type Member } from '../server/invitations/testFixtures';
import { handOffRecordedJobs } from '../server/jobs/testFixtures';
import { waitFor } from '../test/live';
import { sendEmailHandler } from './handlers/sendEmail';
import { startWorkers } from './worker';

type Delivery = { to: string[]; raw: string };

// vi.hoisted runs before the imports above are evaluated, so server/env.ts sees SMTP_URL.
const smtp = await vi.hoisted(async () => {
  const { SMTPServer } = await import('smtp-server');
  const deliveries: Delivery[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        deliveries.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.env.SMTP_URL = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  return { server, deliveries };
});

type ParsedMail = { headers: Map<string, string>; body: string };

/** Splits an RFC 5322 message into unfolded headers and its body, decoded per Content-Transfer-Encoding. */
function parseMail(raw: string): ParsedMail {
  const split = raw.search(/\r?\n\r?\n/);
  const head = raw.slice(0, split).replace(/\r?\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  let body = raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const encoding = headers.get('content-transfer-encoding')?.toLowerCase();
  if (encoding === 'quoted-printable') {
    const bytes = body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    body = Buffer.from(bytes, 'latin1').toString('utf8');
  } else if (encoding === 'base64') {
    body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  }
  return { headers, body: body.replace(/\r\n/g, '\n') };
}

let workers: { close(): Promise<void> };
let org: TestOrg;
let admin: Member;

beforeAll(async () => {
  workers = await startWorkers({ handlers: [sendEmailHandler], crons: [] });
  org = await createTestOrg('invsmtp');
  admin = await memberWithEmail(org, 'Smtp Admin', 'admin');
});

afterAll(async () => {
  await workers.close();
  await new Promise<void>((resolve) => smtp.server.close(() => resolve()));
});

describe('invitation email over SMTP', () => {
  it('is received by the SMTP server with subject, recipient and a working link', async () => {
    expect(env.SMTP_URL).toMatch(/^smtp:\/\/127\.0\.0\.1:\d+$/);
    const email = `smtp.${Date.now().toString(36)}@example.test`;
    await admin.caller.invitations.invite({ orgSlug: org.slug, emails: email });
    // What the outbox relay does after the commit (no relay runs in this test).
    await handOffRecordedJobs();
    await waitFor(() => smtp.deliveries.some((d) => d.to.includes(email)));

    const delivery = smtp.deliveries.find((d) => d.to.includes(email))!;
    const mail = parseMail(delivery.raw);
    expect(mail.headers.get('to')).toBe(email);
    expect(mail.headers.get('subject')).toBe(`${admin.name} invited you to join Org invsmtp on Atrium`);
    expect(env.MAIL_FROM).toContain(mail.headers.get('from')!.replace(/^.*</, '').replace(/>$/, ''));
    expect(mail.body).toContain(`${admin.name} invited you (${email}) to join Org invsmtp on Atrium.`);
    const link = /http:\/\/localhost:3000\/invite\/([A-Za-z0-9_-]{43})(?=\s)/.exec(mail.body);
    expect(link).not.toBeNull();

    const { caller } = await anonymousCaller();
    const preview = await caller.invitations.preview({ token: link![1]! });
    expect(preview).toMatchObject({ state: 'valid', email, org: { slug: org.slug } });
    const joined = await caller.invitations.acceptNewUser({
      token: link![1]!,
      name: 'Mailed Mo',
      password: 'a long passphrase',
    });
    expect(joined.orgSlug).toBe(org.slug);
  });
});
