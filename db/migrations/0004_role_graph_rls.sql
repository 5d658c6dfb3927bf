-- Role inheritance (role_parents) and materialized effective permissions
-- (role_effective_permissions): the same tenant isolation as every tenant table (0001), grants for
-- the runtime role, a backfill for organizations that already exist, and app_resolve_member reading
-- the materialized table instead of direct grants, so a request never walks the role graph.

ALTER TABLE "role_parents" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "role_parents" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "role_parents"
  USING (org_id = (select current_setting('app.org_id', true))::uuid)
  WITH CHECK (org_id = (select current_setting('app.org_id', true))::uuid);--> statement-breakpoint

ALTER TABLE "role_effective_permissions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "role_effective_permissions" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "role_effective_permissions"
  USING (org_id = (select current_setting('app.org_id', true))::uuid)
  WITH CHECK (org_id = (select current_setting('app.org_id', true))::uuid);--> statement-breakpoint

-- Edges and materialized rows are replaced, never edited in place: no UPDATE.
GRANT SELECT, INSERT, DELETE ON role_parents, role_effective_permissions TO atrium_app;--> statement-breakpoint

-- Until now no role had parents, so what a role grants is exactly its direct grants.
INSERT INTO role_effective_permissions (org_id, role_id, permission)
  SELECT org_id, role_id, permission FROM role_permissions
  ON CONFLICT DO NOTHING;--> statement-breakpoint

-- Same signature and columns as 0001; only the source of the permissions changes.
CREATE OR REPLACE FUNCTION app_resolve_member(p_user_id uuid, p_slug text)
  RETURNS TABLE (org_id uuid, org_slug text, org_name text, membership_id uuid, status text, permissions text[])
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT o.id, o.slug, o.name, m.id, m.status,
         coalesce((SELECT array_agg(DISTINCT ep.permission ORDER BY ep.permission)
                     FROM member_roles mr
                     JOIN role_effective_permissions ep ON ep.org_id = mr.org_id AND ep.role_id = mr.role_id
                    WHERE mr.org_id = m.org_id AND mr.membership_id = m.id), '{}')
    FROM organizations o
    JOIN memberships m ON m.org_id = o.id AND m.user_id = p_user_id
   WHERE lower(o.slug) = lower(p_slug)
$$;
