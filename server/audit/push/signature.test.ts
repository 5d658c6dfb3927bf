import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newSigningSecret, signPush, verifyPushSignature } from './signature';

const secret = 'apsk_test-secret';
const body = '{"id":"a"}\n{"id":"b"}\n';
const at = new Date('2026-11-28T12:00:00Z');

describe('push signature', () => {
  it('is t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">', () => {
    const header = signPush(secret, body, at);
    const t = at.getTime() / 1000;
    const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(header).toBe(`t=${t},v1=${expected}`);
    expect(verifyPushSignature(secret, header, body, { now: at })).toEqual({ ok: true, timestamp: t });
  });

  it('refuses another body, another secret, a stale timestamp and garbage', () => {
    const header = signPush(secret, body, at);
    expect(verifyPushSignature(secret, header, `${body} `, { now: at })).toMatchObject({ ok: false });
    expect(verifyPushSignature('apsk_other', header, body, { now: at })).toMatchObject({ ok: false });
    const later = new Date(at.getTime() + 301_000);
    expect(verifyPushSignature(secret, header, body, { now: later })).toMatchObject({
      ok: false,
      reason: 'timestamp outside the tolerance',
    });
    expect(verifyPushSignature(secret, 'v1=abc', body, { now: at })).toMatchObject({ ok: false });
    expect(verifyPushSignature(secret, null, body, { now: at })).toMatchObject({ ok: false });
  });

  it('issues distinct, long secrets', () => {
    const a = newSigningSecret();
    expect(a).toMatch(/^apsk_[\w-]{43}$/);
    expect(newSigningSecret()).not.toBe(a);
  });
});
