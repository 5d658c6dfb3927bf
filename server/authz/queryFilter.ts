/**
 * Grant conditions as query filters, so a list procedure narrows its query instead of loading an
 * unbounded list and filtering it in memory. The member's CEL sources for one permission are
 * partially evaluated: principal and env are known, so everything that does not read `resource`
 * is evaluated (by CEL itself) to a constant; `resource.<attr>` becomes the SQL column or
 * expression the caller maps it to. What translates:
 *
 *   resource.x == / != <value>      (either side; value from principal, env, literals)
 *   resource.x < <= > >= <number>
 *   resource.x in [list] / in principal.something (whatever evaluates to a list or map)
 *   &&  ||  !  and  cond ? a : b    (cond not reading resource)
 *
 * Anything else that reads `resource` (an attribute without a mapped column, a function or macro
 * on resource, a comparison of two resource attributes) fails closed: that source contributes
 * FALSE, with the reason. A CEL error (an absent principal attribute, say) becomes SQL NULL, so
 * `&&`, `||` and `!` absorb it the way CEL does, and a source that ends NULL matches nothing.
 *
 * Values are always bound as parameters; nothing from a condition or a member's profile is ever
 * spliced into SQL text.
 */
import { serialize, type ASTNode, type ParseResult } from '@marcbachmann/cel-js';
import { Column, is, or, SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { AccessSubject } from './can';
import { compileCondition, readsResource } from './conditions';
import { celEnvironment } from './conditions/environment';
import type { Permission } from '../shared/permissions';

export type ConditionColumns = Readonly<Record<string, SQL | AnyPgColumn>>;

export type ConditionFilter =
  { kind: 'all' } | { kind: 'none'; reason: string } | { kind: 'where'; where: SQL; reason: string };

/** A boolean in three-valued logic (null = a CEL error), or a predicate still to run in SQL. */
type Part = { kind: 'const'; value: boolean | null } | { kind: 'sql'; sql: SQL };

/** Thrown inside a translation: the source cannot become a filter, and why. */
class Untranslatable extends Error {}

const TRUE: Part = { kind: 'const', value: true };
const FALSE: Part = { kind: 'const', value: false };
const ERROR: Part = { kind: 'const', value: null };

const TEXT_COLUMNS = new Set(['PgText', 'PgVarchar', 'PgChar']);
const MAX_CACHED_PROGRAMS = 1_000;
const programs = new Map<string, ParseResult>();

function toSql(part: Part): SQL {
  if (part.kind === 'sql') return part.sql;
  if (part.value === null) return sql`null::boolean`;
  return part.value ? sql`true` : sql`false`;
}

function and2(a: Part, b: Part): Part {
  if (a.kind === 'const' && a.value === false) return FALSE;
  if (b.kind === 'const' && b.value === false) return FALSE;
  if (a.kind === 'const' && a.value === true) return b;
  if (b.kind === 'const' && b.value === true) return a;
  if (a.kind === 'const' && b.kind === 'const') return ERROR;
  return { kind: 'sql', sql: sql`(${toSql(a)} and ${toSql(b)})` };
}

function or2(a: Part, b: Part): Part {
  if (a.kind === 'const' && a.value === true) return TRUE;
  if (b.kind === 'const' && b.value === true) return TRUE;
  if (a.kind === 'const' && a.value === false) return b;
  if (b.kind === 'const' && b.value === false) return a;
  if (a.kind === 'const' && b.kind === 'const') return ERROR;
  return { kind: 'sql', sql: sql`(${toSql(a)} or ${toSql(b)})` };
}

function not(a: Part): Part {
  if (a.kind === 'const') return { kind: 'const', value: a.value === null ? null : !a.value };
  return { kind: 'sql', sql: sql`(not ${a.sql})` };
}

type Scope = { subject: AccessSubject; columns: ConditionColumns };

/**
 * Evaluates a sub-expression that does not read `resource` with the real CEL evaluator, from its
 * serialized text (the library evaluates whole programs, not nodes). `ok: false` is a CEL error.
 */
function evaluate(node: ASTNode, scope: Scope): { ok: true; value: unknown } | { ok: false } {
  const text = serialize(node);
  let program = programs.get(text);
  if (!program) {
    try {
      program = celEnvironment.parse(text);
    } catch (error) {
      throw new Untranslatable(`"${text}" could not be evaluated on its own (${(error as Error).message})`);
    }
    if (programs.size >= MAX_CACHED_PROGRAMS) programs.clear();
    programs.set(text, program);
  }
  try {
    return { ok: true, value: program({ principal: scope.subject.principal, env: scope.subject.env, resource: {} }) };
  } catch {
    return { ok: false };
  }
}

/** The attribute name when `node` is `resource.x` or `resource["x"]`. */
function attributeOf(node: ASTNode): string | null {
  if (node.op === '.' && node.args[0].op === 'id' && node.args[0].args === 'resource') return node.args[1];
  if (
    node.op === '[]' &&
    node.args[0].op === 'id' &&
    node.args[0].args === 'resource' &&
    node.args[1].op === 'value' &&
    typeof node.args[1].args === 'string'
  ) {
    return node.args[1].args;
  }
  return null;
}

function columnFor(name: string, scope: Scope): SQL | AnyPgColumn {
  if (!Object.hasOwn(scope.columns, name)) {
    throw new Untranslatable(`resource.${name} has no column in this list`);
  }
  return scope.columns[name]!;
}

/** The target as text: text columns as they are (so their index serves), anything else cast. */
function asText(target: SQL | AnyPgColumn): SQL {
  if (is(target, Column) && TEXT_COLUMNS.has(target.columnType)) return sql`${target}`;
  return sql`(${target})::text`;
}

/** The target as a number; text that is not a number becomes NULL instead of failing the query. */
function asNumber(target: SQL | AnyPgColumn): SQL {
  if (is(target, Column) && (target.dataType === 'number' || target.dataType === 'bigint')) {
    return sql`(${target})::numeric`;
  }
  const text = asText(target);
  return sql`(case when ${text} ~ '^ *-?[0-9]+([.][0-9]+)?([eE][-+]?[0-9]+)? *$' then (${text})::numeric end)`;
}

function asBooleanText(target: SQL | AnyPgColumn): SQL {
  return sql`lower(${asText(target)})`;
}

function isNumber(value: unknown): value is number | bigint {
  return typeof value === 'bigint' || (typeof value === 'number' && Number.isFinite(value));
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return 'a timestamp';
  if (value instanceof Map) return 'a map';
  return typeof value;
}

const FLIPPED: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '==': '==', '!=': '!=' };

function comparison(name: string, op: string, value: unknown, scope: Scope): Part {
  const target = columnFor(name, scope);
  if (op === '==' || op === '!=') {
    let equal: SQL;
    if (typeof value === 'string') equal = sql`${asText(target)} = ${value}`;
    else if (isNumber(value)) equal = sql`${asNumber(target)} = ${value.toString()}::numeric`;
    else if (typeof value === 'boolean') equal = sql`${asBooleanText(target)} = ${String(value)}`;
    else throw new Untranslatable(`resource.${name} is compared with ${describeValue(value)}, which no query can`);
    // NULL (an absent value) stays NULL through NOT, as CEL's error stays an error through `!`.
    return { kind: 'sql', sql: op === '==' ? sql`(${equal})` : sql`(not (${equal}))` };
  }
  if (!isNumber(value)) {
    throw new Untranslatable(`resource.${name} ${op} is translated for numbers only, not ${describeValue(value)}`);
  }
  const bound = sql`${value.toString()}::numeric`;
  const number = asNumber(target);
  switch (op) {
    case '<':
      return { kind: 'sql', sql: sql`(${number} < ${bound})` };
    case '<=':
      return { kind: 'sql', sql: sql`(${number} <= ${bound})` };
    case '>':
      return { kind: 'sql', sql: sql`(${number} > ${bound})` };
    default:
      return { kind: 'sql', sql: sql`(${number} >= ${bound})` };
  }
}

function membership(name: string, value: unknown, scope: Scope): Part {
  const target = columnFor(name, scope);
  let items: unknown[];
  if (Array.isArray(value)) items = value;
  else if (value instanceof Map) items = [...value.keys()];
  else if (value !== null && typeof value === 'object' && !(value instanceof Date)) items = Object.keys(value);
  else throw new Untranslatable(`resource.${name} in ${describeValue(value)} cannot become a query`);
  const strings = items.filter((item): item is string => typeof item === 'string');
  const numbers = items.filter(isNumber).map((n) => n.toString());
  const booleans = items.filter((item): item is boolean => typeof item === 'boolean').map(String);
  if (strings.length + numbers.length + booleans.length !== items.length) {
    throw new Untranslatable(`resource.${name} in a list of values that are not text, numbers or booleans`);
  }
  let part: Part = FALSE;
  // One array parameter each, never one parameter per element (and never an empty `in ()`).
  if (strings.length > 0)
    part = or2(part, { kind: 'sql', sql: sql`(${asText(target)} = any(${sql.param(strings)}::text[]))` });
  if (numbers.length > 0) {
    part = or2(part, { kind: 'sql', sql: sql`(${asNumber(target)} = any(${sql.param(numbers)}::numeric[]))` });
  }
  if (booleans.length > 0) {
    part = or2(part, { kind: 'sql', sql: sql`(${asBooleanText(target)} = any(${sql.param(booleans)}::text[]))` });
  }
  return part;
}

function translate(node: ASTNode, scope: Scope): Part {
  if (!readsResource(node)) {
    const outcome = evaluate(node, scope);
    if (!outcome.ok) return ERROR;
    if (typeof outcome.value !== 'boolean') {
      throw new Untranslatable(`"${serialize(node)}" gives ${describeValue(outcome.value)}, not true or false`);
    }
    return outcome.value ? TRUE : FALSE;
  }
  switch (node.op) {
    case '&&':
      return and2(translate(node.args[0], scope), translate(node.args[1], scope));
    case '||':
      return or2(translate(node.args[0], scope), translate(node.args[1], scope));
    case '!_':
      return not(translate(node.args, scope));
    case '?:': {
      const [test, then, otherwise] = node.args;
      if (readsResource(test)) throw new Untranslatable(`"${serialize(test)}" chooses by the resource`);
      const chosen = evaluate(test, scope);
      if (!chosen.ok || typeof chosen.value !== 'boolean') return ERROR;
      return translate(chosen.value ? then : otherwise, scope);
    }
    case '==':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const [left, right] = node.args;
      const leftName = attributeOf(left);
      const rightName = attributeOf(right);
      if (leftName !== null && !readsResource(right)) {
        const value = evaluate(right, scope);
        return value.ok ? comparison(leftName, node.op, value.value, scope) : ERROR;
      }
      if (rightName !== null && !readsResource(left)) {
        const value = evaluate(left, scope);
        return value.ok ? comparison(rightName, FLIPPED[node.op]!, value.value, scope) : ERROR;
      }
      break;
    }
    case 'in': {
      const [left, right] = node.args;
      const name = attributeOf(left);
      if (name !== null && !readsResource(right)) {
        const value = evaluate(right, scope);
        return value.ok ? membership(name, value.value, scope) : ERROR;
      }
      break;
    }
    default:
      break;
  }
  throw new Untranslatable(`"${serialize(node)}" reads the resource in a way no query can express`);
}

type SourceOutcome = { source: string; part: Part } | { source: string; failure: string };

function translateSource(source: string, scope: Scope): SourceOutcome {
  const compiled = compileCondition(source);
  if (!compiled.ok) return { source, failure: compiled.error.message };
  try {
    return { source, part: translate(compiled.condition.program.ast, scope) };
  } catch (error) {
    if (error instanceof Untranslatable) return { source, failure: error.message };
    throw error;
  }
}

/**
 * The rows `access` may see under `permission`, as a WHERE clause over `columns` (resource
 * attribute → column or SQL expression). `all`: no filter needed; `none`: nothing can match.
 */
export function conditionFilter(
  access: AccessSubject,
  permission: Permission,
  columns: ConditionColumns,
): ConditionFilter {
  if (!access.permissions.has(permission)) {
    return { kind: 'none', reason: `None of your roles grants ${permission}` };
  }
  const sources = access.conditions[permission];
  if (!sources || sources.length === 0) return { kind: 'all' };

  const scope: Scope = { subject: access, columns };
  const predicates: SQL[] = [];
  const applied: string[] = [];
  const skipped: string[] = [];
  for (const outcome of sources.map((source) => translateSource(source, scope))) {
    if ('failure' in outcome) {
      skipped.push(`${outcome.source} (${outcome.failure})`);
      continue;
    }
    const { part } = outcome;
    if (part.kind === 'const') {
      if (part.value === true) return { kind: 'all' };
      skipped.push(`${outcome.source} (${part.value === null ? 'it cannot be evaluated for you' : 'it is false'})`);
      continue;
    }
    predicates.push(sql`coalesce(${part.sql}, false)`);
    applied.push(outcome.source);
  }
  const notApplied = skipped.length > 0 ? `; not applicable: ${skipped.join('; ')}` : '';
  if (predicates.length === 0) {
    return {
      kind: 'none',
      reason: `${permission} is granted only when a condition holds, and none can here${notApplied}`,
    };
  }
  return {
    kind: 'where',
    where: predicates.length === 1 ? predicates[0]! : or(...predicates)!,
    reason: `${permission} is limited to rows where ${applied.join(' or ')}${notApplied}`,
  };
}
