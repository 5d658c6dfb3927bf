import { describe, expect, it } from 'vitest';
import { readExplainQuery, typedValue, validateExplainQuery } from './explainQuery';

const MEMBER = '5b0c6a39-2f6e-4c43-9d1f-0a4f5b1c2d3e';

function query(text: string) {
  return readExplainQuery(new URLSearchParams(text));
}

describe('typedValue', () => {
  it('types numbers, booleans and text the way a condition compares them', () => {
    expect(typedValue('100')).toBe(100);
    expect(typedValue('-2.5')).toBe(-2.5);
    expect(typedValue('.5')).toBe(0.5);
    expect(typedValue('true')).toBe(true);
    expect(typedValue('false')).toBe(false);
    expect(typedValue('eu')).toBe('eu');
    expect(typedValue('1e3')).toBe('1e3');
    expect(typedValue('True')).toBe('True');
    expect(typedValue('')).toBe('');
  });
});

describe('the explainer query string', () => {
  it('is only an explanation request when the explain form sent it', () => {
    expect(query(`member=${MEMBER}`)).toMatchObject({ isSubmitted: false, member: MEMBER });
    expect(query(`explain=1&member=${MEMBER}&permission=org:read`).isSubmitted).toBe(true);
  });

  it('becomes the input of roles.explain, with typed attributes and blank rows dropped', () => {
    const parsed = query(
      `explain=1&member=${MEMBER}&permission=invoices:read&key=region&value=eu&key=amount&value=120&key=&value=&key=approved&value=false&ip=10.0.0.5&at=2026-01-14T10:30`,
    );
    expect(validateExplainQuery(parsed)).toEqual({
      ok: true,
      request: {
        membershipId: MEMBER,
        permission: 'invoices:read',
        resource: { region: 'eu', amount: 120, approved: false },
        ip: '10.0.0.5',
        at: new Date('2026-01-14T10:30:00Z'),
      },
    });
  });

  it('puts each problem next to its field', () => {
    const result = validateExplainQuery(
      query(
        'explain=1&member=&permission=nope:do&key=1region&value=x&key=&value=orphan&key=ok&value=1&key=ok&value=2&ip=10.0.0.300&at=yesterday',
      ),
    );
    expect(result).toEqual({
      ok: false,
      errors: {
        member: 'Choose a member',
        permission: 'nope:do is not a permission',
        'key.0': 'Use letters, digits and _, starting with a letter (at most 64)',
        'key.1': 'Give this value a name, e.g. region',
        'key.3': 'ok is already given above',
        ip: 'Not an IP address, e.g. 10.0.0.5 or 2001:db8::1',
        at: 'Not a date and time',
      },
    });
    expect(validateExplainQuery(query('explain=1&member=not-an-id&permission=org:read'))).toMatchObject({
      ok: false,
      errors: { member: 'Choose a member from the list' },
    });
  });

  it('accepts IPv6 and leaves ip and time out when they are blank', () => {
    const v6 = validateExplainQuery(query(`explain=1&member=${MEMBER}&permission=org:read&ip=2001:db8::1`));
    expect(v6).toEqual({ ok: true, request: { membershipId: MEMBER, permission: 'org:read', ip: '2001:db8::1' } });
    expect(validateExplainQuery(query(`explain=1&member=${MEMBER}&permission=org:read&ip=&at=`))).toEqual({
      ok: true,
      request: { membershipId: MEMBER, permission: 'org:read' },
    });
  });
});
