/**
 * Our signatures checked by the Standard Webhooks reference implementation, as a customer's
 * receiver would: one secret, and a rotation's overlap where either secret verifies.
 */
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { signWebhook } from './signature';

const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;
const body = JSON.stringify({ type: 'member.joined', timestamp: '2026-12-03T10:00:00.000Z', data: { a: 1 } });

describe('webhook signatures', () => {
  it('verifies with the reference implementation and refuses a changed body', () => {
    const secret = newSecret();
    const headers = signWebhook({ id: 'msg_abcdefghijklmnopqrstuvwx', body, secrets: [secret] });
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(secret).verify(body.replace('"a":1', '"a":2'), headers)).toThrow();
    expect(() => new Webhook(newSecret()).verify(body, headers)).toThrow();
  });

  it('signs with both secrets during a rotation, so either verifies', () => {
    const [current, previous] = [newSecret(), newSecret()];
    const headers = signWebhook({ id: 'msg_abcdefghijklmnopqrstuvwx', body, secrets: [current, previous] });
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(current).verify(body, headers)).toBeTruthy();
    expect(new Webhook(previous).verify(body, headers)).toBeTruthy();
  });

  it('puts the unix time in seconds in webhook-timestamp, and refuses a stale one at the receiver', () => {
    const secret = newSecret();
    const old = new Date(Date.now() - 60 * 60_000);
    const headers = signWebhook({ id: 'msg_abcdefghijklmnopqrstuvwx', body, secrets: [secret], now: old });
    expect(headers['webhook-timestamp']).toBe(String(Math.floor(old.getTime() / 1000)));
    expect(() => new Webhook(secret).verify(body, headers)).toThrow(/timestamp/i);
  });
});
