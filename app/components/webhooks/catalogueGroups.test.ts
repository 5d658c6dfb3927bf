import { describe, expect, it } from 'vitest';
import { WEBHOOK_EVENT_TYPES } from '../../../server/shared/webhookEvents';
import { catalogueGroups, exampleBody } from './catalogueGroups';

describe('the event catalogue as pages show it', () => {
  it('lists every type exactly once, in groups that appear once each', () => {
    const groups = catalogueGroups();
    expect(new Set(groups.map((g) => g.group)).size).toBe(groups.length);
    expect(groups.flatMap((g) => g.events.map((e) => e.type)).sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
    expect(groups.map((g) => g.group)).toEqual([
      'Members',
      'Invitations',
      'Roles',
      'Teams',
      'API keys',
      'Billing',
      'Usage',
    ]);
  });

  it('shows the full body a receiver gets: type, timestamp and data', () => {
    const body = JSON.parse(exampleBody({ type: 'role.created', example: { roleId: 'r', name: 'Support lead' } }));
    expect(body).toEqual({
      type: 'role.created',
      timestamp: '2026-12-03T12:00:00.000Z',
      data: { roleId: 'r', name: 'Support lead' },
    });
  });
});
