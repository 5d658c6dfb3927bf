/** The invoices cursor round-trips and refuses anything it did not write. */
import { describe, expect, it } from 'vitest';
import { decodeInvoiceCursor, encodeInvoiceCursor } from './cursor';

describe('invoice cursor', () => {
  it('round-trips the last row of a page', () => {
    const cursor = { issuedAt: '2026-11-01T00:00:00.123456Z', id: 'in_1Abc' };
    expect(decodeInvoiceCursor(encodeInvoiceCursor(cursor))).toEqual(cursor);
  });

  it.each([
    '',
    'not-base64',
    Buffer.from('[1,2]').toString('base64url'),
    Buffer.from('["2026", "in_x"]').toString('base64url'),
  ])('refuses %j as invalid input on the cursor', (raw) => {
    expect(() => decodeInvoiceCursor(raw)).toThrow(expect.objectContaining({ appCode: 'INVALID_INPUT' }));
  });
});
