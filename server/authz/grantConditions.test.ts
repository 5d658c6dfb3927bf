import { describe, expect, it } from 'vitest';
import { accessSubjectOf, decide, decideAtGate } from './can';
import { isAppError } from '../errors';
import { normalizeGrants } from '../roles/roleGrants';
import { resolveEffectiveGrants, roleGraphOf, type RoleNode } from './roleGraph';

const SMALL = 'resource.amount < 100000';
const OFFICE = 'ipInAny(env.ip, ["10.0.0.0/8"])';

describe('effective grants with conditions', () => {
  const graph = roleGraphOf<RoleNode>([
    {
      id: 'small',
      name: 'Small',
      permissions: ['invoices:read'],
      conditions: { 'invoices:read': SMALL },
      parentIds: [],
    },
    {
      id: 'office',
      name: 'Office',
      permissions: ['invoices:read'],
      conditions: { 'invoices:read': OFFICE },
      parentIds: [],
    },
    { id: 'all', name: 'All', permissions: ['invoices:read'], parentIds: [] },
    { id: 'either', name: 'Either', permissions: [], parentIds: ['small', 'office'] },
    { id: 'diamond', name: 'Diamond', permissions: [], parentIds: ['either', 'all'] },
  ]);
  const resolved = resolveEffectiveGrants(graph);

  it('ORs conditions from several paths, sorted and distinct', () => {
    expect(resolved.get('either')?.get('invoices:read')).toEqual([OFFICE, SMALL].sort());
  });

  it('lets one unconditional path win over any conditional one', () => {
    expect(resolved.get('diamond')?.get('invoices:read')).toEqual([]);
  });
});

describe('normalizeGrants', () => {
  it('merges permissions and grants; unconditional wins; two different conditions are refused', () => {
    expect(
      normalizeGrants({
        permissions: ['org:read'],
        grants: [
          { permission: 'org:read', condition: OFFICE },
          { permission: 'invoices:read', condition: SMALL },
        ],
      }),
    ).toEqual({ permissions: ['invoices:read', 'org:read'], conditions: { 'invoices:read': SMALL } });
    try {
      normalizeGrants({
        permissions: [],
        grants: [
          { permission: 'invoices:read', condition: SMALL },
          { permission: 'invoices:read', condition: OFFICE },
        ],
      });
      expect.fail('expected a refusal');
    } catch (error) {
      expect(isAppError(error) && error.appCode).toBe('INVALID_CONDITION');
    }
  });
});

describe('can at the gate', () => {
  const subject = (ip: string) =>
    accessSubjectOf({
      permissions: ['invoices:read', 'org:read'],
      conditions: { 'invoices:read': [SMALL], 'org:read': [OFFICE] },
      member: { id: 'm1', email: 'a@example.test', attributes: {} },
      request: { ip, now: new Date('2026-11-25T15:00:00Z'), timezone: 'UTC' },
    });

  it('decides environment conditions and defers resource conditions only where the procedure checks them', () => {
    expect(decideAtGate(subject('10.0.0.1'), 'org:read', { checksResource: false }).allowed).toBe(true);
    expect(decideAtGate(subject('127.0.0.1'), 'org:read', { checksResource: true }).allowed).toBe(false);
    expect(decideAtGate(subject('127.0.0.1'), 'invoices:read', { checksResource: false }).allowed).toBe(false);
    expect(decideAtGate(subject('127.0.0.1'), 'invoices:read', { checksResource: true }).allowed).toBe(true);
    expect(decide(subject('127.0.0.1'), 'invoices:read', { amount: 100_000 }).allowed).toBe(false);
  });
});
