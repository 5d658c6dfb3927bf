import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  compileCondition,
  conditionEnv,
  conditionPrincipal,
  evaluateCondition,
  MAX_CONDITION_LENGTH,
  type CompiledCondition,
  type ConditionInput,
  type PrincipalAttributes,
} from './index';

function compiled(source: string): CompiledCondition {
  const result = compileCondition(source);
  if (!result.ok) throw new Error(result.error.message);
  return result.condition;
}

const officeHoursEnv = conditionEnv({ ip: '10.0.0.1', now: new Date('2026-03-10T10:00:00Z'), timezone: 'UTC' });

function decide(
  source: string,
  input: { principal?: PrincipalAttributes; resource?: Record<string, unknown>; env?: ConditionInput['env'] },
) {
  return evaluateCondition(compiled(source), {
    principal: conditionPrincipal(input.principal ?? {}),
    resource: input.resource,
    env: input.env ?? officeHoursEnv,
  });
}

function refusal(source: string) {
  const result = compileCondition(source);
  if (result.ok) throw new Error(`expected ${JSON.stringify(source)} to be refused`);
  return result.error;
}

describe('(a) a finance role reads invoices only below an amount', () => {
  const condition = 'resource.amount < 100000';

  it('allows smaller invoices and denies the limit and above', () => {
    expect(decide(condition, { resource: { amount: 99_999.99 } })).toEqual({ allowed: true, value: true });
    expect(decide(condition, { resource: { amount: 100_000 } })).toEqual({ allowed: false, value: false });
    expect(decide(condition, { resource: { amount: 2_500_000 } }).allowed).toBe(false);
  });

  it('denies, with the reason, when the procedure supplies no amount', () => {
    const outcome = decide(condition, { resource: { id: 'inv_1' } });
    expect(outcome.allowed).toBe(false);
    expect(outcome.error).toMatch(/amount/);
  });

  it('denies, with the reason, when the amount is not a number', () => {
    const outcome = decide(condition, { resource: { amount: '5' } });
    expect(outcome.allowed).toBe(false);
    expect(outcome.error).toBeTruthy();
  });
});

describe('(b) members reach only resources tagged with their own region', () => {
  const condition = 'resource.region == principal.region';

  it('allows the own region and denies another', () => {
    expect(decide(condition, { principal: { region: 'eu-west' }, resource: { region: 'eu-west' } }).allowed).toBe(true);
    expect(decide(condition, { principal: { region: 'eu-west' }, resource: { region: 'us-east' } }).allowed).toBe(
      false,
    );
  });

  it('denies a member without a region, rather than matching an untagged resource', () => {
    const outcome = decide(condition, { principal: { region: null }, resource: { region: 'eu-west' } });
    expect(outcome.allowed).toBe(false);
    expect(outcome.error).toMatch(/region/);
    expect(decide(condition, { principal: { region: 'eu-west' }, resource: {} }).allowed).toBe(false);
  });

  it('denies when the decision names no resource', () => {
    expect(decide(condition, { principal: { region: 'eu-west' } }).allowed).toBe(false);
  });
});

describe('(c) access only from the org’s IP allowlist', () => {
  const condition = 'ipInAny(env.ip, ["10.0.0.0/8", "192.168.4.0/22", "2001:db8::/32"])';
  const from = (ip: string | null) =>
    decide(condition, { env: conditionEnv({ ip, now: new Date(), timezone: 'UTC' }) });

  it.each([
    ['10.0.0.0', true],
    ['10.255.255.255', true],
    ['192.168.7.255', true],
    ['::ffff:10.20.30.40', true],
    ['2001:db8::1', true],
    ['2001:db8:ffff:ffff:ffff:ffff:ffff:ffff', true],
    ['9.255.255.255', false],
    ['11.0.0.0', false],
    ['192.168.8.0', false],
    ['2001:db9::', false],
    ['::1', false],
  ])('%s allowed: %s', (ip, allowed) => {
    expect(from(ip)).toMatchObject({ allowed, value: allowed });
  });

  it('denies a malformed or unknown client address, even under negation', () => {
    expect(from('10.0.0.999')).toMatchObject({ allowed: false, error: expect.stringContaining('not an IP address') });
    expect(from(null).allowed).toBe(false);
    const blocklist = '!inCidr(env.ip, "203.0.113.0/24")';
    const env = conditionEnv({ ip: 'not-an-ip', now: new Date(), timezone: 'UTC' });
    expect(decide(blocklist, { env }).allowed).toBe(false);
  });

  it('inCidr checks one range', () => {
    const env = conditionEnv({ ip: '2001:db8::7', now: new Date(), timezone: 'UTC' });
    expect(decide('inCidr(env.ip, "2001:db8::/32")', { env }).allowed).toBe(true);
    expect(decide('inCidr(env.ip, "10.0.0.0/8")', { env }).allowed).toBe(false);
  });
});

describe('(d) support:manage only during business hours in the org’s time zone', () => {
  const condition = 'env.weekday >= 1 && env.weekday <= 5 && env.hour >= 9 && env.hour < 17';
  const at = (iso: string, timezone: string) =>
    decide(condition, { env: conditionEnv({ ip: '10.0.0.1', now: new Date(iso), timezone }) }).allowed;

  it('opens at 09:00 and closes at 17:00 local time in Berlin', () => {
    expect(at('2026-01-14T07:59:59Z', 'Europe/Berlin')).toBe(false); // Wed 08:59:59 CET
    expect(at('2026-01-14T08:00:00Z', 'Europe/Berlin')).toBe(true); // Wed 09:00 CET
    expect(at('2026-01-14T15:59:59Z', 'Europe/Berlin')).toBe(true); // Wed 16:59:59 CET
    expect(at('2026-01-14T16:00:00Z', 'Europe/Berlin')).toBe(false); // Wed 17:00 CET
  });

  it('takes the weekday in the org’s zone, not in UTC', () => {
    expect(at('2026-01-16T23:30:00Z', 'America/New_York')).toBe(false); // Fri 18:30 EST
    expect(at('2026-01-17T13:30:00Z', 'Europe/Berlin')).toBe(false); // Sat 14:30 CET
    expect(at('2026-01-19T08:30:00Z', 'Europe/Berlin')).toBe(true); // Mon 09:30 CET
  });

  it('follows daylight saving: the same UTC instant opens after the clocks change', () => {
    // New York moves to EDT on Sunday 2026-03-08; 13:30 UTC is 08:30 EST before, 09:30 EDT after.
    expect(at('2026-03-06T13:30:00Z', 'America/New_York')).toBe(false);
    expect(at('2026-03-09T13:30:00Z', 'America/New_York')).toBe(true);
    // Berlin moves to CEST on Sunday 2026-03-29 (a week after New York); 07:30 UTC is 08:30 CET, then 09:30 CEST.
    expect(at('2026-03-27T07:30:00Z', 'Europe/Berlin')).toBe(false);
    expect(at('2026-03-30T07:30:00Z', 'Europe/Berlin')).toBe(true);
    // In between, the offset between the two is five hours instead of six.
    expect(at('2026-03-16T13:00:00Z', 'America/New_York')).toBe(true); // 09:00 EDT
    expect(at('2026-03-16T15:59:59Z', 'Europe/Berlin')).toBe(true); // 16:59:59 CET
    expect(at('2026-03-16T16:00:00Z', 'Europe/Berlin')).toBe(false); // 17:00 CET
  });

  it('denies a time condition when the org’s time zone is unknown, but not other conditions', () => {
    const env = conditionEnv({ ip: '10.0.0.1', now: new Date('2026-01-14T10:00:00Z'), timezone: 'Mars/Olympus_Mons' });
    expect(decide(condition, { env })).toMatchObject({
      allowed: false,
      error: expect.stringMatching(/env\.(hour|weekday)/),
    });
    expect(decide('inCidr(env.ip, "10.0.0.0/8")', { env }).allowed).toBe(true);
  });
});

describe('compileCondition refuses at save, pointing at the problem', () => {
  it('a syntax error, with line and column', () => {
    const error = refusal('resource.amount <\n  (100000');
    expect(error.message).toMatch(/^Syntax error/);
    expect(error.position).toEqual({ line: 2, column: 10 });
  });

  it('an unknown variable, naming the ones there are', () => {
    const error = refusal('principle.region == "eu"');
    expect(error.message).toContain('Unknown variable: principle');
    expect(error.message).toContain('principal, resource, env');
    expect(error.position).toEqual({ line: 1, column: 1 });
  });

  it('an unknown principal or env attribute, listing the real ones', () => {
    expect(refusal('principal.regoin == "eu"').message).toContain(
      'principal has no attribute "regoin"; it has id, email',
    );
    expect(refusal('env.hours >= 9').message).toContain('env has no attribute "hours"');
  });

  it('an unknown function or wrong argument types', () => {
    expect(refusal('isWeekday(env.now)').message).toMatch(/Unknown function.*isWeekday/);
    expect(refusal('inCidr(env.ip, 8)').message).toMatch(
      /Unknown function or wrong argument types.*inCidr\(string, int\)/,
    );
  });

  it('an expression that is not true or false', () => {
    expect(refusal('resource.amount + 1').message).toMatch(/must be true or false.*type int/);
    expect(refusal('principal.region').message).toMatch(/type string/);
    expect(refusal('resource.approved').message).toContain('compare it explicitly');
    expect(compileCondition('resource.approved == true').ok).toBe(true);
  });

  it('an over-long expression', () => {
    const long = `resource.region == "${'x'.repeat(MAX_CONDITION_LENGTH)}"`;
    expect(refusal(long).message).toMatch(/at most 1000/);
  });

  it('an empty expression', () => {
    expect(refusal('').message).toBe('The condition is empty');
    expect(refusal('  \n ').message).toBe('The condition is empty');
  });

  it('a malformed literal IP range or address', () => {
    const error = refusal('ipInAny(env.ip, ["10.0.0.0/8", "2001:db8::/129"])');
    expect(error.message).toContain('"2001:db8::/129" has an invalid prefix length');
    expect(error.position).toEqual({ line: 1, column: 32 });
    expect(refusal('inCidr(env.ip, "10.0.0.1/8")').message).toContain('did you mean 10.0.0.0/8?');
    expect(refusal('inCidr("10.0.0.300", "10.0.0.0/8")').message).toContain('not an IP address');
  });

  it('constructs whose cost can explode: regular expressions, cel.bind, nested comprehensions', () => {
    expect(refusal('principal.email.matches("^(a+)+$")').message).toMatch(/Regular expressions/);
    expect(refusal('cel.bind(r, resource.region, r == principal.region)').message).toMatch(/cel.bind/);
    expect(refusal('resource.tags.all(t, resource.tags.exists(u, u == t))').message).toMatch(/inside another/);
    expect(refusal('resource.tags.map(t, t + t).exists(t, t == "x")').message).toMatch(/inside another/);
  });

  it('accepts one comprehension over a supplied list', () => {
    const condition = 'resource.tags.exists(t, t == principal.region)';
    expect(decide(condition, { principal: { region: 'eu' }, resource: { tags: ['us', 'eu'] } }).allowed).toBe(true);
    expect(decide(condition, { principal: { region: 'eu' }, resource: { tags: ['us'] } }).allowed).toBe(false);
  });
});

describe('compiled conditions', () => {
  it('are cached by source, so a request never parses again', () => {
    const first = compileCondition('resource.type == "invoice"');
    const second = compileCondition('resource.type == "invoice"');
    expect(first.ok && second.ok && first.condition === second.condition).toBe(true);
  });

  it('carry their source for the access explainer', () => {
    expect(compiled('principal.department == "finance"').source).toBe('principal.department == "finance"');
  });

  it('combine principal, resource and env', () => {
    const condition = 'principal.department == "finance" && resource.amount < 100000 && inCidr(env.ip, "10.0.0.0/8")';
    expect(decide(condition, { principal: { department: 'finance' }, resource: { amount: 10 } }).allowed).toBe(true);
    expect(decide(condition, { principal: { department: 'sales' }, resource: { amount: 10 } }).allowed).toBe(false);
  });
});

describe('the module', () => {
  it('never evaluates code from strings', () => {
    const dir = fileURLToPath(new URL('.', import.meta.url));
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
      const source = readFileSync(`${dir}/${file}`, 'utf8');
      expect(source, file).not.toMatch(/\beval\s*\(|new\s+Function\b|\bFunction\s*\(/);
    }
  });
});
