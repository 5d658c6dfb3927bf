import { sql, type SQL } from 'drizzle-orm';
import { PgDialect, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import type { MemberAttributes } from '../../db/schema/memberships';
import { accessSubjectOf } from './can';
import type { Permission } from '../shared/permissions';
import { conditionFilter, type ConditionColumns } from './queryFilter';

const dialect = new PgDialect();

const invoices = pgTable('invoices', {
  id: uuid('id'),
  region: text('region'),
  amount: integer('amount'),
  ownerId: uuid('owner_id'),
});

const columns: ConditionColumns = {
  region: invoices.region,
  amount: invoices.amount,
  owner: invoices.ownerId,
  tier: sql`${invoices.id}::text`,
};

function subject(
  conditions: Partial<Record<Permission, string[]>>,
  attributes: MemberAttributes = { region: 'eu', department: 'finance' },
  held: Permission[] = ['invoices:read'],
) {
  return accessSubjectOf({
    permissions: held,
    conditions,
    member: { id: '00000000-0000-4000-8000-000000000001', email: 'ada@example.test', attributes },
    request: { ip: '10.1.2.3', now: new Date('2026-01-14T10:00:00Z'), timezone: 'UTC' },
  });
}

function filterFor(source: string | string[], attributes?: MemberAttributes) {
  return conditionFilter(
    subject({ 'invoices:read': Array.isArray(source) ? source : [source] }, attributes),
    'invoices:read',
    columns,
  );
}

function query(where: SQL) {
  return dialect.sqlToQuery(where);
}

function whereOf(source: string | string[], attributes?: MemberAttributes) {
  const filter = filterFor(source, attributes);
  if (filter.kind !== 'where') throw new Error(`expected a where, got ${JSON.stringify(filter)}`);
  return { ...query(filter.where), reason: filter.reason };
}

describe('conditionFilter', () => {
  it('needs no filter for an unconditional grant and matches nothing when the permission is not held', () => {
    expect(conditionFilter(subject({}), 'invoices:read', columns)).toEqual({ kind: 'all' });
    expect(conditionFilter(subject({}), 'billing:read', columns)).toEqual({
      kind: 'none',
      reason: 'None of your roles grants billing:read',
    });
  });

  it('turns resource.region == principal.region into a bound equality on the mapped column', () => {
    const { sql: text, params, reason } = whereOf('resource.region == principal.region');
    expect(text).toBe('coalesce(("invoices"."region" = $1), false)');
    expect(params).toEqual(['eu']);
    expect(reason).toBe('invoices:read is limited to rows where resource.region == principal.region');
  });

  it('accepts the resource on either side and maps an SQL expression as well as a column', () => {
    expect(whereOf('principal.region == resource.region').params).toEqual(['eu']);
    const { sql: text, params } = whereOf('resource.tier != "gold"');
    expect(text).toBe('coalesce((not (("invoices"."id"::text)::text = $1)), false)');
    expect(params).toEqual(['gold']);
  });

  it('binds an injection-looking value as a parameter, never as SQL text', () => {
    const attack = "eu' or '1'='1";
    const { sql: text, params } = whereOf('resource.region == principal.region', { region: attack });
    expect(text).not.toContain(attack);
    expect(text).not.toContain("'1'");
    expect(params).toEqual([attack]);

    const list = whereOf('resource.region in ["eu", "x\'); drop table invoices; --"]');
    expect(list.sql).not.toContain('drop table');
    expect(list.params).toEqual([['eu', "x'); drop table invoices; --"]]);
  });

  it('compares numbers numerically, flipping the operator when the resource is on the right', () => {
    const below = whereOf('resource.amount < 100000');
    expect(below.sql).toBe('coalesce((("invoices"."amount")::numeric < $1::numeric), false)');
    expect(below.params).toEqual(['100000']);
    expect(whereOf('resource.amount < 2.5').params).toEqual(['2.5']);
    expect(whereOf('resource.amount >= -5').params).toEqual(['-5']);
    const flipped = whereOf('100 <= resource.amount');
    expect(flipped.sql).toContain('>= $1::numeric');
    expect(flipped.params).toEqual(['100']);
  });

  it('guards numeric comparisons on text so a non-number is no match instead of a query error', () => {
    const { sql: text } = whereOf('resource.tier > 2');
    expect(text).toMatch(/case when .* ~ '.*' then .*::numeric end/);
  });

  it('turns `in` over a literal list or a list built from principal into one array parameter', () => {
    const literal = whereOf('resource.region in ["eu", "us"]');
    expect(literal.sql).toBe('coalesce(("invoices"."region" = any($1::text[])), false)');
    expect(literal.params).toEqual([['eu', 'us']]);
    const fromPrincipal = whereOf('resource.region in [principal.region, "global"]');
    expect(fromPrincipal.params).toEqual([['eu', 'global']]);
    const numbers = whereOf('resource.amount in [1, 2]');
    expect(numbers.sql).toContain('= any($1::numeric[])');
    expect(numbers.params).toEqual([['1', '2']]);
  });

  it('keeps &&, || and ! as SQL and folds the parts that read only principal and env', () => {
    const combined = whereOf(
      'principal.department == "finance" && (resource.region == "eu" || !(resource.amount > 5))',
    );
    expect(combined.sql).toBe(
      'coalesce((("invoices"."region" = $1) or (not (("invoices"."amount")::numeric > $2::numeric))), false)',
    );
    expect(combined.params).toEqual(['eu', '5']);
    expect(filterFor('principal.department == "sales" && resource.region == "eu"')).toMatchObject({ kind: 'none' });
    expect(filterFor('principal.department == "finance" || resource.region == "eu"')).toEqual({ kind: 'all' });
  });

  it('evaluates env with the real evaluator: an IP allowlist folds to a constant', () => {
    expect(filterFor('inCidr(env.ip, "10.0.0.0/8") && resource.region == "eu"').kind).toBe('where');
    expect(filterFor('inCidr(env.ip, "192.168.0.0/16") && resource.region == "eu"').kind).toBe('none');
  });

  it('treats an absent principal attribute as CEL does: an error that only || true or && false absorbs', () => {
    const noRegion = { department: 'finance' };
    expect(filterFor('resource.region == principal.region', noRegion)).toEqual({
      kind: 'none',
      reason: expect.stringContaining('resource.region == principal.region (it cannot be evaluated for you)'),
    });
    const partly = whereOf('resource.region == principal.region || resource.amount < 5', noRegion);
    expect(partly.sql).toBe('coalesce((null::boolean or (("invoices"."amount")::numeric < $1::numeric)), false)');
    expect(filterFor('resource.region == principal.region || principal.department == "finance"', noRegion)).toEqual({
      kind: 'all',
    });
    // !error is still an error, and error && x is never true: no row can match.
    const negated = whereOf('!(principal.region == "eu") && resource.region == "us"', noRegion);
    expect(negated.sql).toBe('coalesce((null::boolean and ("invoices"."region" = $1)), false)');
  });

  it('fails closed for what no query can express, saying why', () => {
    const unmapped = filterFor('resource.department == "finance"');
    expect(unmapped).toEqual({
      kind: 'none',
      reason: expect.stringContaining('resource.department has no column in this list'),
    });
    expect(filterFor('resource.region.startsWith("e")')).toMatchObject({
      kind: 'none',
      reason: expect.stringContaining('reads the resource in a way no query can express'),
    });
    expect(filterFor('resource.region == resource.tier')).toMatchObject({ kind: 'none' });
    expect(filterFor('resource.region < "m"')).toMatchObject({
      kind: 'none',
      reason: expect.stringContaining('numbers only'),
    });
    expect(filterFor('resource.tags.exists(t, t == "x")')).toMatchObject({ kind: 'none' });
  });

  it('ORs several sources, dropping only the ones that cannot be translated', () => {
    const {
      sql: text,
      params,
      reason,
    } = whereOf(['resource.region == principal.region', 'resource.department == "finance"', 'resource.amount < 10']);
    expect(text).toBe(
      '(coalesce(("invoices"."region" = $1), false) or coalesce((("invoices"."amount")::numeric < $2::numeric), false))',
    );
    expect(params).toEqual(['eu', '10']);
    expect(reason).toContain('resource.region == principal.region or resource.amount < 10');
    expect(reason).toContain('not applicable: resource.department == "finance" (resource.department has no column');
  });

  it('lets one source that holds for the member allow every row', () => {
    expect(filterFor(['resource.region == "eu"', 'principal.region == "eu"'])).toEqual({ kind: 'all' });
  });

  it('supports a ternary whose test reads only principal and env', () => {
    const { params } = whereOf('principal.region == "eu" ? resource.region == "eu" : resource.amount < 5');
    expect(params).toEqual(['eu']);
  });
});
