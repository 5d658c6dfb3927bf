/**
 * What a grant condition can see: the one place its variables and functions are declared.
 *
 *   principal  the member asking: id, email, department, region, title (strings; an attribute the
 *              member lacks is absent, and reading it denies)
 *   resource   attributes the procedure supplies, e.g. amount (number), region, type, id; any
 *              key, type-checked only when the condition runs
 *   env        the request: ip (string), now (timestamp), timezone (the org's IANA zone), and
 *              hour (0–23), minute (0–59), weekday (1 = Monday … 7 = Sunday) in that zone
 *
 *   inCidr(ip, cidr)      whether ip lies in the IPv4 or IPv6 range (`"10.0.0.0/8"`)
 *   ipInAny(ip, [cidrs])  whether ip lies in any of the ranges
 *
 * principal and env are declared field by field, so a misspelt attribute is refused when the
 * condition is saved; resource stays an open map because every procedure supplies its own.
 * Numbers from JavaScript are CEL doubles; they compare with integer literals as expected
 * (`resource.amount < 100000`), but arithmetic needs double literals (`resource.amount * 2.0`).
 */
import { Environment } from '@marcbachmann/cel-js';
import { cidrContains, parseCidr, parseIp, type Cidr } from './ip';
import { localTimeIn } from './localTime';

/** CEL type and description of each field; the type declarations below are derived from this. */
export const CONDITION_VARIABLES = {
  principal: {
    description: 'The member asking',
    fields: {
      id: { type: 'string', description: 'Member id' },
      email: { type: 'string', description: 'Email address' },
      department: {
        type: 'string',
        description: 'Department from the profile (later from SCIM or the identity provider)',
      },
      region: { type: 'string', description: 'Region from the profile' },
      title: { type: 'string', description: 'Job title' },
    },
  },
  resource: {
    description: 'Attributes the procedure supplies, e.g. amount, region, type, id',
    fields: {},
  },
  env: {
    description: 'The request, with the time in the organization’s time zone',
    fields: {
      ip: { type: 'string', description: 'Client IP address (IPv4 or IPv6)' },
      now: { type: 'timestamp', description: 'Current time' },
      timezone: { type: 'string', description: 'The organization’s IANA time zone' },
      hour: { type: 'int', description: 'Hour 0–23 in the organization’s time zone' },
      minute: { type: 'int', description: 'Minute 0–59 in the organization’s time zone' },
      weekday: { type: 'int', description: 'Day of week in the organization’s time zone, 1 = Monday … 7 = Sunday' },
    },
  },
} as const;

export const CONDITION_FUNCTIONS = {
  'inCidr(ip, cidr)': 'Whether ip lies in the IPv4 or IPv6 range, e.g. inCidr(env.ip, "10.0.0.0/8")',
  'ipInAny(ip, cidrs)': 'Whether ip lies in any of the ranges, e.g. ipInAny(env.ip, ["10.0.0.0/8", "2001:db8::/32"])',
} as const;

export type PrincipalAttributes = Partial<Record<keyof typeof CONDITION_VARIABLES.principal.fields, string | null>>;
export type ConditionResource = Readonly<Record<string, unknown>>;

/** Built by `conditionPrincipal`: CEL recognises the declared type by this class. */
export class ConditionPrincipal {
  declare readonly id?: string;
  declare readonly email?: string;
  declare readonly department?: string;
  declare readonly region?: string;
  declare readonly title?: string;
}

/** Built by `conditionEnv`, once per request. */
export class ConditionEnv {
  declare readonly ip?: string;
  declare readonly now?: Date;
  declare readonly timezone?: string;
  declare readonly hour?: bigint;
  declare readonly minute?: bigint;
  declare readonly weekday?: bigint;
}

/** Absent and null attributes are left out, so a condition reading them denies instead of comparing to null. */
export function conditionPrincipal(attributes: PrincipalAttributes): ConditionPrincipal {
  const principal = new ConditionPrincipal();
  for (const key of Object.keys(CONDITION_VARIABLES.principal.fields) as (keyof PrincipalAttributes)[]) {
    const value = attributes[key];
    if (typeof value === 'string') Object.defineProperty(principal, key, { value, enumerable: true });
  }
  return Object.freeze(principal);
}

/**
 * The request environment. An unknown time zone leaves hour, minute and weekday out, so only
 * conditions about the time deny.
 */
export function conditionEnv(request: { ip: string | null; now: Date; timezone: string }): ConditionEnv {
  const local = localTimeIn(request.now, request.timezone);
  const fields: Record<string, unknown> = { now: request.now, timezone: request.timezone };
  if (request.ip !== null) fields.ip = request.ip;
  if (local)
    Object.assign(fields, { hour: BigInt(local.hour), minute: BigInt(local.minute), weekday: BigInt(local.weekday) });
  return Object.freeze(Object.assign(new ConditionEnv(), fields));
}

const MAX_CACHED_RANGES = 1_000;
const rangeCache = new Map<string, Cidr>();

// Throwing (rather than answering false) keeps a malformed input from turning `!inCidr(…)` into an allow.
function rangeOf(text: string): Cidr {
  const known = rangeCache.get(text);
  if (known) return known;
  const parsed = parseCidr(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  if (rangeCache.size >= MAX_CACHED_RANGES) rangeCache.clear();
  rangeCache.set(text, parsed.cidr);
  return parsed.cidr;
}

function addressOf(text: string) {
  const address = parseIp(text);
  if (!address) throw new Error(`"${text}" is not an IP address`);
  return address;
}

function fieldTypes(fields: Record<string, { type: string }>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([name, field]) => [name, field.type]));
}

export const celEnvironment = new Environment({
  limits: { maxAstNodes: 500, maxDepth: 32, maxListElements: 200, maxMapEntries: 50, maxCallArguments: 8 },
})
  .registerType('ConditionPrincipal', {
    ctor: ConditionPrincipal,
    fields: fieldTypes(CONDITION_VARIABLES.principal.fields),
  })
  .registerType('ConditionEnv', {
    ctor: ConditionEnv,
    fields: fieldTypes(CONDITION_VARIABLES.env.fields),
  })
  .registerVariable('principal', 'ConditionPrincipal', { description: CONDITION_VARIABLES.principal.description })
  .registerVariable('resource', 'map<string, dyn>', { description: CONDITION_VARIABLES.resource.description })
  .registerVariable('env', 'ConditionEnv', { description: CONDITION_VARIABLES.env.description })
  .registerFunction('inCidr(string, string): bool', (ip: string, cidr: string) =>
    cidrContains(rangeOf(cidr), addressOf(ip)),
  )
  .registerFunction('ipInAny(string, list<string>): bool', (ip: string, cidrs: readonly string[]) => {
    const address = addressOf(ip);
    return cidrs.some((cidr) => cidrContains(rangeOf(cidr), address));
  });
