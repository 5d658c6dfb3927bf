import { describe, expect, it } from 'vitest';
import { isSafeText, UNSAFE_TEXT_MESSAGE, zText } from './safeText';

describe('zText', () => {
  it.each([
    ['NUL', 'a\u0000b'],
    ['a lone high surrogate', 'team \ud800'],
    ['a lone low surrogate', '\udc00 team'],
    ['a high surrogate at the end after a pair', '\ud83d\ude00\ud83d'],
    ['two high surrogates', '\ud800\ud800\udc00'],
  ])('refuses %s with one message', (_label, value) => {
    expect(isSafeText(value)).toBe(false);
    const result = zText().trim().max(100).safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toEqual([UNSAFE_TEXT_MESSAGE]);
  });

  it.each(['', 'Acme GmbH', 'Ünïcødé ✓', '😀 emoji pairs', "<b>markup</b> and 'quotes'", 'tab\tand\nnewline'])(
    'accepts %j',
    (value) => {
      expect(isSafeText(value)).toBe(true);
      expect(zText().parse(value)).toBe(value);
    },
  );

  it('chains like z.string(): trim, bounds, formats', () => {
    expect(zText().trim().min(1).max(5).parse('  abc ')).toBe('abc');
    expect(zText().uuid().safeParse('not-a-uuid').success).toBe(false);
    expect(zText().email().parse('a@example.com')).toBe('a@example.com');
  });

  it('checks a megabyte in one linear pass', () => {
    const big = 'x😀'.repeat(300_000);
    const started = performance.now();
    expect(zText().safeParse(`${big}\u0000`).success).toBe(false);
    expect(zText().safeParse(big).success).toBe(true);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
