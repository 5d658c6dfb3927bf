/**
 * The catalogue check from DESIGN.md ("Tenant isolation"): fails when any table with org_id
 * lacks enabled + forced RLS or a policy, when a policy reads current_setting per row, when a
 * tenant table cannot be distributed or filtered by org_id, or when the runtime role could
 * bypass RLS. Same checks as ../shared/tools/rls-lint.sql, embedded so the repo stands alone.
 */
import { describe, expect, it } from 'vitest';
import { adminQuery } from '../../test/db';
import { env } from '../env';

type Problem = { problem: string; object: string };

// This install's role names (DB_ROLE_PREFIX); validated identifiers, so safe to splice in.
const APP_ROLE = `'${env.dbRoles.app}'`;
const AUDIT_PURGE_ROLE = `'${env.dbRoles.auditPurge}'`;

const TENANT_TABLES = `
  select c.oid, n.nspname, c.relname, c.relrowsecurity, c.relforcerowsecurity, a.attnum
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attname = 'org_id' and not a.attisdropped
   where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema')`;

const CHECKS: Record<string, string> = {
  'tenant table without enabled+forced RLS and a policy': `
    select nspname || '.' || relname as object from (${TENANT_TABLES}) t
     where not relrowsecurity or not relforcerowsecurity
        or not exists (select 1 from pg_policy p where p.polrelid = t.oid)`,
  'tenant table primary key without org_id': `
    select nspname || '.' || relname as object from (${TENANT_TABLES}) t
     where not exists (select 1 from pg_index i where i.indrelid = t.oid and i.indisprimary and t.attnum = any (i.indkey))`,
  'tenant table without an index leading with org_id': `
    select nspname || '.' || relname as object from (${TENANT_TABLES}) t
     where not exists (select 1 from pg_index i where i.indrelid = t.oid and i.indkey[0] = t.attnum)`,
  'policy evaluates current_setting per row (wrap it as (select ...))': `
    select pol.polname || ' on ' || c.relname as object
      from pg_policy pol join pg_class c on c.oid = pol.polrelid,
           lateral (values (pg_get_expr(pol.polqual, pol.polrelid)), (pg_get_expr(pol.polwithcheck, pol.polrelid))) e(expr)
     where e.expr ~ 'current_setting' and e.expr !~* '\\(\\s*select\\s+current_setting'`,
  'runtime role is superuser or can bypass RLS': `
    select rolname as object from pg_roles where rolname = ${APP_ROLE} and (rolsuper or rolbypassrls)`,
  'runtime role owns a relation': `
    select n.nspname || '.' || c.relname as object
      from pg_class c join pg_namespace n on n.oid = c.relnamespace join pg_roles r on r.oid = c.relowner
     where r.rolname = ${APP_ROLE}`,
  'runtime role is a member of a role that owns tables or bypasses RLS': `
    select r.rolname as object
      from pg_auth_members m join pg_roles r on r.oid = m.roleid join pg_roles app on app.oid = m.member
     where app.rolname = ${APP_ROLE}
       and (r.rolsuper or r.rolbypassrls or r.rolcreaterole or r.rolinherit
            or exists (select 1 from pg_class c where c.relowner = r.oid))`,
  // The one role it may switch to: the audit purge role (docs/decisions/010-audit.md), which can
  // only delete expired audit events of the current org.
  'runtime role is a member of a role other than the audit purge role': `
    select r.rolname as object
      from pg_auth_members m join pg_roles r on r.oid = m.roleid join pg_roles app on app.oid = m.member
     where app.rolname = ${APP_ROLE} and r.rolname <> ${AUDIT_PURGE_ROLE}`,
};

describe('catalogue: tenant isolation is enforced by PostgreSQL', () => {
  it('finds the tenant tables it is meant to check', async () => {
    const rows = await adminQuery<{ relname: string }>(`select relname from (${TENANT_TABLES}) t`);
    expect(rows.map((r) => r.relname)).toEqual(
      expect.arrayContaining(['memberships', 'roles', 'role_permissions', 'member_roles', 'outbox']),
    );
  });

  it('reports no problem rows', async () => {
    const problems: Problem[] = [];
    for (const [problem, query] of Object.entries(CHECKS)) {
      const rows = await adminQuery<{ object: string }>(query);
      problems.push(...rows.map((r) => ({ problem, object: r.object })));
    }
    expect(problems).toEqual([]);
  });

  it('the runtime role exists, logs in, and is neither superuser nor owner of the database', async () => {
    const rows = await adminQuery<{ rolcanlogin: boolean; rolsuper: boolean; rolbypassrls: boolean; owns_db: boolean }>(
      `select r.rolcanlogin, r.rolsuper, r.rolbypassrls,
              exists (select 1 from pg_database d where d.datdba = r.oid and d.datname = current_database()) as owns_db
         from pg_roles r where r.rolname = ${APP_ROLE}`,
    );
    expect(rows).toEqual([{ rolcanlogin: true, rolsuper: false, rolbypassrls: false, owns_db: false }]);
  });

  it('the organizations, users, sessions and reset-token tables are guarded by forced RLS too', async () => {
    const rows = await adminQuery<{ relname: string; guarded: boolean }>(
      `select c.relname, c.relrowsecurity and c.relforcerowsecurity
                and exists (select 1 from pg_policy p where p.polrelid = c.oid) as guarded
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relname = any($1::text[])
        order by c.relname`,
      [['organizations', 'password_reset_tokens', 'sessions', 'users']],
    );
    expect(rows).toEqual([
      { relname: 'organizations', guarded: true },
      { relname: 'password_reset_tokens', guarded: true },
      { relname: 'sessions', guarded: true },
      { relname: 'users', guarded: true },
    ]);
  });
});
