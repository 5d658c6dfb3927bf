import { describe, expect, it } from 'vitest';
import { UsageBuffer, hourOf, outcomeOf } from './usageBuffer';

const ORG = '11111111-1111-4111-8111-111111111111';
const KEY = '22222222-2222-4222-8222-222222222222';
const OTHER_KEY = '33333333-3333-4333-8333-333333333333';
const HOUR = '2026-12-03T14:00:00.000Z';

describe('usage buffer', () => {
  it('sorts answers into four disjoint classes', () => {
    expect([200, 204, 301, 400, 404, 429, 500, 503].map(outcomeOf)).toEqual([
      'ok',
      'ok',
      'ok',
      'clientErrors',
      'clientErrors',
      'limited',
      'serverErrors',
      'serverErrors',
    ]);
  });

  it('buckets by the start of the UTC hour', () => {
    expect(hourOf(Date.parse('2026-12-03T14:59:59.999Z'))).toBe(HOUR);
    expect(hourOf(Date.parse('2026-12-03T15:00:00.000Z'))).toBe('2026-12-03T15:00:00.000Z');
  });

  it('adds up per org, key and hour, and is empty once taken', () => {
    const buffer = new UsageBuffer(10);
    buffer.record(ORG, KEY, HOUR, 'ok');
    buffer.record(ORG, KEY, HOUR, 'ok');
    buffer.record(ORG, KEY, HOUR, 'limited');
    buffer.record(ORG, OTHER_KEY, HOUR, 'serverErrors');
    expect(buffer.size).toBe(2);
    expect(buffer.take()).toEqual(
      new Map([
        [
          ORG,
          [
            { keyId: KEY, hour: HOUR, ok: 2, clientErrors: 0, serverErrors: 0, limited: 1 },
            { keyId: OTHER_KEY, hour: HOUR, ok: 0, clientErrors: 0, serverErrors: 1, limited: 0 },
          ],
        ],
      ]),
    );
    expect(buffer.size).toBe(0);
    expect(buffer.take()).toEqual(new Map());
  });

  it('puts back what a flush could not write, adding what came meanwhile', () => {
    const buffer = new UsageBuffer(10);
    buffer.record(ORG, KEY, HOUR, 'ok');
    const [rows] = [...buffer.take().values()];
    buffer.record(ORG, KEY, HOUR, 'clientErrors');
    buffer.restore(ORG, rows!);
    expect(buffer.take().get(ORG)).toEqual([
      { keyId: KEY, hour: HOUR, ok: 1, clientErrors: 1, serverErrors: 0, limited: 0 },
    ]);
  });

  it('when full, still counts entries it holds and drops (and reports) requests for new ones', () => {
    const buffer = new UsageBuffer(1);
    expect(buffer.record(ORG, KEY, HOUR, 'ok')).toBe(true);
    expect(buffer.record(ORG, OTHER_KEY, HOUR, 'ok')).toBe(false);
    expect(buffer.record(ORG, KEY, HOUR, 'ok')).toBe(true);
    expect(buffer.takeDropped()).toBe(1);
    expect(buffer.takeDropped()).toBe(0);
    expect(buffer.take().get(ORG)).toEqual([
      { keyId: KEY, hour: HOUR, ok: 2, clientErrors: 0, serverErrors: 0, limited: 0 },
    ]);
  });
});
