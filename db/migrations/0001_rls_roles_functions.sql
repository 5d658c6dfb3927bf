-- Tenant isolation, grants and the narrow SECURITY DEFINER lookups (see docs/decisions/003).
-- The roles atrium_owner (runs this) and atrium_app (serves requests) are created by db/setup.ts
-- before migrations run. Policies read the transaction-local settings app.org_id / app.user_id,
-- which only server/tenancy/withTenant.ts sets; each is wrapped as (select ...) so PostgreSQL
-- evaluates it once per statement and can use the org_id indexes.

-- Tenant tables: enabled, forced, one policy that checks reads and writes.
ALTER TABLE "memberships" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "memberships" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "memberships"
  USING (org_id = (select current_setting('app.org_id', true))::uuid)
  WITH CHECK (org_id = (select current_setting('app.org_id', true))::uuid);--> statement-breakpoint

ALTER TABLE "roles" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "roles" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "roles"
  USING (org_id = (select current_setting('app.org_id', true))::uuid)
  WITH CHECK (org_id = (select current_setting('app.org_id', true))::uuid);--> statement-breakpoint

ALTER TABLE "role_permissions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "role_permissions" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "role_permissions"
  USING (org_id = (select current_setting('app.org_id', true))::uuid)
  WITH CHECK (org_id = (select current_setting('app.org_id', true))::uuid);--> statement-breakpoint

ALTER TABLE "member_roles" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "member_roles" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "member_roles"
  USING (org_id = (select current_setting('app.org_id', true))::uuid)
  WITH CHECK (org_id = (select current_setting('app.org_id', true))::uuid);--> statement-breakpoint

ALTER TABLE "outbox" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "outbox" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "outbox"
  USING (org_id = (select current_setting('app.org_id', true))::uuid)
  WITH CHECK (org_id = (select current_setting('app.org_id', true))::uuid);--> statement-breakpoint

-- Organizations: a tenant sees its own row only.
ALTER TABLE "organizations" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "organizations" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_self ON "organizations"
  USING (id = (select current_setting('app.org_id', true))::uuid)
  WITH CHECK (id = (select current_setting('app.org_id', true))::uuid);--> statement-breakpoint

-- Users: the actor, and people who share the current org (memberships is itself tenant-filtered).
ALTER TABLE "users" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "users" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY users_visible ON "users" FOR SELECT
  USING (id = (select current_setting('app.user_id', true))::uuid
         OR EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = users.id));--> statement-breakpoint
CREATE POLICY users_self_insert ON "users" FOR INSERT
  WITH CHECK (id = (select current_setting('app.user_id', true))::uuid);--> statement-breakpoint
CREATE POLICY users_self_update ON "users" FOR UPDATE
  USING (id = (select current_setting('app.user_id', true))::uuid)
  WITH CHECK (id = (select current_setting('app.user_id', true))::uuid);--> statement-breakpoint

-- Credentials: only the actor's own rows.
ALTER TABLE "sessions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "sessions" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY sessions_own ON "sessions"
  USING (user_id = (select current_setting('app.user_id', true))::uuid)
  WITH CHECK (user_id = (select current_setting('app.user_id', true))::uuid);--> statement-breakpoint

ALTER TABLE "password_reset_tokens" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "password_reset_tokens" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY reset_tokens_own ON "password_reset_tokens"
  USING (user_id = (select current_setting('app.user_id', true))::uuid)
  WITH CHECK (user_id = (select current_setting('app.user_id', true))::uuid);--> statement-breakpoint

-- Grants: the runtime role gets exactly what the application does, nothing by default.
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO atrium_app;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON organizations TO atrium_app;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON users TO atrium_app;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON memberships, roles, role_permissions, member_roles TO atrium_app;--> statement-breakpoint
GRANT SELECT ON permissions TO atrium_app;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON sessions TO atrium_app;--> statement-breakpoint
GRANT INSERT, DELETE ON password_reset_tokens TO atrium_app;--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON outbox TO atrium_app;--> statement-breakpoint
GRANT UPDATE (published_at) ON outbox TO atrium_app;--> statement-breakpoint

-- Pre-tenant lookups. Each returns only what its step needs, has a fixed search_path,
-- and is executable by the runtime role alone.
CREATE FUNCTION app_login_lookup(p_email text)
  RETURNS TABLE (user_id uuid, password_hash text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT id, password_hash FROM users WHERE lower(email) = lower(p_email) $$;--> statement-breakpoint

CREATE FUNCTION app_session_lookup(p_session_id text)
  RETURNS TABLE (session_id text, user_id uuid, expires_at timestamptz, last_seen_at timestamptz,
                 email text, name text, last_org_slug text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT s.id, s.user_id, s.expires_at, s.last_seen_at, u.email, u.name, u.last_org_slug
    FROM sessions s JOIN users u ON u.id = s.user_id
   WHERE s.id = p_session_id AND s.expires_at > now()
$$;--> statement-breakpoint

CREATE FUNCTION app_resolve_member(p_user_id uuid, p_slug text)
  RETURNS TABLE (org_id uuid, org_slug text, org_name text, membership_id uuid, status text, permissions text[])
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT o.id, o.slug, o.name, m.id, m.status,
         coalesce((SELECT array_agg(DISTINCT rp.permission ORDER BY rp.permission)
                     FROM member_roles mr
                     JOIN role_permissions rp ON rp.org_id = mr.org_id AND rp.role_id = mr.role_id
                    WHERE mr.org_id = m.org_id AND mr.membership_id = m.id), '{}')
    FROM organizations o
    JOIN memberships m ON m.org_id = o.id AND m.user_id = p_user_id
   WHERE lower(o.slug) = lower(p_slug)
$$;--> statement-breakpoint

CREATE FUNCTION app_user_orgs(p_user_id uuid)
  RETURNS TABLE (org_id uuid, org_slug text, org_name text, status text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT o.id, o.slug, o.name, m.status
    FROM memberships m JOIN organizations o ON o.id = m.org_id
   WHERE m.user_id = p_user_id
   ORDER BY lower(o.name)
$$;--> statement-breakpoint

CREATE FUNCTION app_slug_taken(p_slug text)
  RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT EXISTS (SELECT 1 FROM organizations WHERE lower(slug) = lower(p_slug)) $$;--> statement-breakpoint

CREATE FUNCTION app_password_reset_consume(p_token_id text)
  RETURNS uuid
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  UPDATE password_reset_tokens SET used_at = now()
   WHERE id = p_token_id AND used_at IS NULL AND expires_at > now()
  RETURNING user_id
$$;--> statement-breakpoint

CREATE FUNCTION app_outbox_pending_orgs(p_limit integer)
  RETURNS TABLE (org_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT DISTINCT org_id FROM outbox WHERE published_at IS NULL LIMIT p_limit $$;--> statement-breakpoint

-- Cron fan-out: the list of tenants, and nothing about them.
CREATE FUNCTION app_all_org_ids()
  RETURNS TABLE (org_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT id FROM organizations ORDER BY id $$;--> statement-breakpoint

REVOKE ALL ON FUNCTION app_login_lookup(text), app_session_lookup(text), app_resolve_member(uuid, text),
  app_user_orgs(uuid), app_slug_taken(text), app_password_reset_consume(text), app_outbox_pending_orgs(integer), app_all_org_ids()
  FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_login_lookup(text), app_session_lookup(text), app_resolve_member(uuid, text),
  app_user_orgs(uuid), app_slug_taken(text), app_password_reset_consume(text), app_outbox_pending_orgs(integer), app_all_org_ids()
  TO atrium_app;--> statement-breakpoint

-- Wake the outbox relay as soon as an event commits.
CREATE FUNCTION outbox_notify() RETURNS trigger
  LANGUAGE plpgsql SET search_path = public, pg_temp
AS $$ BEGIN PERFORM pg_notify('outbox', NEW.org_id::text); RETURN NULL; END $$;--> statement-breakpoint
CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION outbox_notify();
