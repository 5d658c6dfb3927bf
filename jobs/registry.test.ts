/** The worker processes every job a producer can start: each definition has exactly one handler. */
import { describe, expect, it } from 'vitest';
import { JOB_DEFINITIONS } from '../server/jobs/catalogue';
import { ALL_HANDLERS } from './registry';

describe('job registry', () => {
  it('binds one handler to every job definition, and none to anything else', () => {
    const handled = ALL_HANDLERS.map((handler) => handler.job);
    expect(new Set(handled).size).toBe(handled.length);
    expect(new Set(handled)).toEqual(new Set(JOB_DEFINITIONS));
  });
});
