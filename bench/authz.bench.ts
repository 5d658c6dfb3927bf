/**
 * Authorization decision latency in process: a member holding 3 roles, each at the bottom of a
 * 10-deep inheritance chain, asks for a permission that only a CEL-conditioned grant at the top
 * of one chain gives. Baseline: `Set.has` on a flat permission set, in the same run.
 *
 * Decisions run the way the enforcement layer will: effective grants are flattened once (at role
 * write time in the product, here in setup), so a decision is a Map lookup plus evaluating the
 * grant's compiled condition; principal and env are built once per request, outside the timing.
 *
 * Timing: batches of BATCH decisions timed with process.hrtime.bigint, each batch divided by
 * BATCH, so p50/p99 are over batch means (a clock read costs more than Set.has itself). A second
 * pass times single decisions, clock overhead included, to show the true tail.
 */
import {
  compileCondition,
  conditionEnv,
  conditionPrincipal,
  evaluateCondition,
  type CompiledCondition,
  type ConditionInput,
} from '../server/authz/conditions/index';
import { ALL_PERMISSIONS, type Permission } from '../server/shared/permissions';

const DEPTH = 10;
const HELD_ROLES = 3;
const DECISIONS = 200_000;
const BATCH = 100;
const WARMUP = 20_000;
const SINGLE_SAMPLES = 50_000;
const CONDITION = 'resource.region == principal.region && resource.amount < 100000';
const TARGET_US = 20;

type Grant = { permission: Permission; condition?: CompiledCondition };
type Role = { id: string; grants: Grant[]; parentIds: string[] };
type EffectiveGrant = { roleId: string; condition?: CompiledCondition };

function compiled(source: string): CompiledCondition {
  const result = compileCondition(source);
  if (!result.ok) throw new Error(result.error.message);
  return result.condition;
}

/** Three chains of DEPTH inheritance steps; the conditioned invoices:read sits at the root of chain 0. */
function buildRoles(): { roles: Map<string, Role>; held: string[] } {
  const roles = new Map<string, Role>();
  // billing:manage is left out so the baseline has a permission to miss.
  const others = ALL_PERMISSIONS.filter((p) => p !== 'invoices:read' && p !== 'billing:manage');
  const held: string[] = [];
  for (let chain = 0; chain < HELD_ROLES; chain++) {
    for (let level = 0; level <= DEPTH; level++) {
      const id = `chain${chain}-level${level}`;
      const grants: Grant[] = [{ permission: others[(chain * (DEPTH + 1) + level) % others.length]! }];
      if (chain === 0 && level === 0) grants.push({ permission: 'invoices:read', condition: compiled(CONDITION) });
      roles.set(id, { id, grants, parentIds: level === 0 ? [] : [`chain${chain}-level${level - 1}`] });
    }
    held.push(`chain${chain}-level${DEPTH}`);
  }
  return { roles, held };
}

/** Union of every held role's own and inherited grants; an unconditioned grant makes conditioned ones moot. */
function flattenGrants(roles: Map<string, Role>, held: string[]): Map<Permission, EffectiveGrant[]> {
  const effective = new Map<Permission, EffectiveGrant[]>();
  const seen = new Set<string>();
  const visit = (id: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    const role = roles.get(id)!;
    for (const grant of role.grants) {
      const list = effective.get(grant.permission) ?? [];
      if (list.some((g) => !g.condition)) continue;
      effective.set(
        grant.permission,
        grant.condition ? [...list, { roleId: id, condition: grant.condition }] : [{ roleId: id }],
      );
    }
    role.parentIds.forEach(visit);
  };
  held.forEach(visit);
  return effective;
}

function decide(effective: Map<Permission, EffectiveGrant[]>, permission: Permission, input: ConditionInput): boolean {
  const grants = effective.get(permission);
  if (!grants) return false;
  for (const grant of grants) {
    if (!grant.condition || evaluateCondition(grant.condition, input).allowed) return true;
  }
  return false;
}

function percentile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Per-decision µs from batch means; `step(i)` returns 1 when allowed. */
function measureBatches(step: (i: number) => number): { p50: number; p99: number; allowed: number } {
  let allowed = 0;
  for (let i = 0; i < WARMUP; i++) allowed += step(i);
  allowed = 0;
  const means = new Float64Array(DECISIONS / BATCH);
  for (let b = 0; b < means.length; b++) {
    const start = process.hrtime.bigint();
    for (let i = b * BATCH; i < (b + 1) * BATCH; i++) allowed += step(i);
    means[b] = Number(process.hrtime.bigint() - start) / BATCH / 1_000;
  }
  means.sort();
  return { p50: percentile(means, 0.5), p99: percentile(means, 0.99), allowed };
}

function measureSingles(step: (i: number) => number): { p50: number; p99: number; max: number } {
  const samples = new Float64Array(SINGLE_SAMPLES);
  for (let i = 0; i < SINGLE_SAMPLES; i++) {
    const start = process.hrtime.bigint();
    step(i);
    samples[i] = Number(process.hrtime.bigint() - start) / 1_000;
  }
  samples.sort();
  return { p50: percentile(samples, 0.5), p99: percentile(samples, 0.99), max: samples[samples.length - 1]! };
}

export async function run(): Promise<void> {
  const { roles, held } = buildRoles();
  const effective = flattenGrants(roles, held);
  const flat = new Set<Permission>(effective.keys());
  const principal = conditionPrincipal({
    id: 'm_1',
    email: 'ada@example.com',
    department: 'finance',
    region: 'eu-west',
  });
  const env = conditionEnv({ ip: '10.1.2.3', now: new Date(), timezone: 'Europe/Berlin' });
  // Two of the four resources pass the condition, so both outcomes are exercised.
  const inputs: ConditionInput[] = [
    { region: 'eu-west', amount: 1_250 },
    { region: 'us-east', amount: 1_250 },
    { region: 'eu-west', amount: 250_000 },
    { region: 'eu-west', amount: 99_999.5 },
  ].map((resource) => ({ principal, env, resource }));

  const decision = (i: number) => (decide(effective, 'invoices:read', inputs[i & 3]!) ? 1 : 0);
  const lookup = (i: number) => (flat.has(i & 1 ? 'invoices:read' : 'billing:manage') ? 1 : 0);

  const ours = measureBatches(decision);
  const base = measureBatches(lookup);
  const single = measureSingles(decision);
  if (ours.allowed !== DECISIONS / 2) throw new Error(`expected half the decisions to allow, got ${ours.allowed}`);
  if (base.allowed !== DECISIONS / 2) throw new Error(`expected half the lookups to hit, got ${base.allowed}`);

  const us = (n: number) => `${n.toFixed(3)} µs`;
  console.log(
    `${HELD_ROLES} roles × ${DEPTH}-deep chains → ${effective.size} effective permissions; condition: ${CONDITION}`,
  );
  console.log(`${DECISIONS} decisions in batches of ${BATCH} (p50/p99 over batch means per decision)`);
  console.log(`Map lookup + CEL condition: p50 ${us(ours.p50)}, p99 ${us(ours.p99)} (target p99 < ${TARGET_US} µs)`);
  console.log(`Set.has baseline:           p50 ${us(base.p50)}, p99 ${us(base.p99)}`);
  console.log(
    `single decisions timed one by one (clock read included): p50 ${us(single.p50)}, p99 ${us(single.p99)}, max ${us(single.max)}`,
  );
  console.log(
    JSON.stringify({
      bench: 'authz',
      metric: 'p99_decision',
      value: Number(ours.p99.toFixed(3)),
      unit: 'us',
      baseline: Number(base.p99.toFixed(4)),
      ratio: Number((ours.p99 / base.p99).toFixed(1)),
    }),
  );
}
