-- People (0007): tenant isolation and grants for teams, invitations and logos, the foreign keys
-- drizzle cannot express (ON DELETE SET NULL of one column of a composite key), and two narrow
-- SECURITY DEFINER functions: the invitation lookup by token hash (before the tenant is known)
-- and the session revocation that deactivating a member needs (sessions are not tenant rows).

ALTER TABLE "teams" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "teams" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "teams"
  USING (org_id = (select current_setting('app.org_id', true))::uuid)
  WITH CHECK (org_id = (select current_setting('app.org_id', true))::uuid);--> statement-breakpoint

ALTER TABLE "team_members" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "team_members" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "team_members"
  USING (org_id = (select current_setting('app.org_id', true))::uuid)
  WITH CHECK (org_id = (select current_setting('app.org_id', true))::uuid);--> statement-breakpoint

ALTER TABLE "invitations" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "invitations" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "invitations"
  USING (org_id = (select current_setting('app.org_id', true))::uuid)
  WITH CHECK (org_id = (select current_setting('app.org_id', true))::uuid);--> statement-breakpoint

ALTER TABLE "invitation_roles" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "invitation_roles" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "invitation_roles"
  USING (org_id = (select current_setting('app.org_id', true))::uuid)
  WITH CHECK (org_id = (select current_setting('app.org_id', true))::uuid);--> statement-breakpoint

ALTER TABLE "invitation_teams" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "invitation_teams" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "invitation_teams"
  USING (org_id = (select current_setting('app.org_id', true))::uuid)
  WITH CHECK (org_id = (select current_setting('app.org_id', true))::uuid);--> statement-breakpoint

ALTER TABLE "organization_logos" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "organization_logos" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "organization_logos"
  USING (org_id = (select current_setting('app.org_id', true))::uuid)
  WITH CHECK (org_id = (select current_setting('app.org_id', true))::uuid);--> statement-breakpoint

GRANT SELECT, INSERT, UPDATE, DELETE ON teams, team_members, organization_logos TO atrium_app;--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON invitation_roles, invitation_teams TO atrium_app;--> statement-breakpoint
-- The token hash is written once and never read back by the runtime role (lookups go through
-- app_invitation_by_token); resending replaces it.
GRANT SELECT (org_id, id, email, status, invited_by_user_id, expires_at, send_count, last_sent_at, accepted_at,
              accepted_membership_id, revoked_at, created_at) ON invitations TO atrium_app;--> statement-breakpoint
GRANT INSERT ON invitations TO atrium_app;--> statement-breakpoint
GRANT UPDATE (token_hash, status, expires_at, send_count, last_sent_at, accepted_at, accepted_membership_id, revoked_at)
  ON invitations TO atrium_app;--> statement-breakpoint

-- Composite foreign keys that null only the referencing column when the target goes away.
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_manager_fk"
  FOREIGN KEY ("org_id", "manager_membership_id") REFERENCES "memberships" ("org_id", "id")
  ON DELETE SET NULL ("manager_membership_id");--> statement-breakpoint
CREATE INDEX "memberships_manager_idx" ON "memberships" ("org_id", "manager_membership_id")
  WHERE manager_membership_id IS NOT NULL;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_accepted_membership_fk"
  FOREIGN KEY ("org_id", "accepted_membership_id") REFERENCES "memberships" ("org_id", "id")
  ON DELETE SET NULL ("accepted_membership_id");--> statement-breakpoint

-- The accept page, before anyone is signed in: what the invitation says, never the hash.
CREATE FUNCTION app_invitation_by_token(p_token_hash text)
  RETURNS TABLE (org_id uuid, org_slug text, org_name text, invitation_id uuid, email text, status text,
                 expires_at timestamptz, inviter_name text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT o.id, o.slug, o.name, i.id, i.email, i.status, i.expires_at, u.name
    FROM invitations i
    JOIN organizations o ON o.id = i.org_id
    LEFT JOIN users u ON u.id = i.invited_by_user_id
   WHERE i.token_hash = p_token_hash
$$;--> statement-breakpoint

-- Deactivating or removing a member signs them out. Sessions belong to users, not tenants, so the
-- runtime role cannot delete another user's sessions; this function may, only for a member of the
-- current org (app.org_id) who is deactivated there, only when the caller (app.user_id) holds
-- users:manage in that org, and only when the person is active in no other organization — one
-- tenant must not sign a person out of another tenant's portal. Returns the user id and how many
-- sessions ended (null user id when nothing was done).
CREATE FUNCTION app_revoke_member_sessions(p_membership_id uuid)
  RETURNS TABLE (user_id uuid, revoked integer)
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  v_org uuid := nullif(current_setting('app.org_id', true), '')::uuid;
  v_caller uuid := nullif(current_setting('app.user_id', true), '')::uuid;
  v_user uuid;
  v_count integer;
BEGIN
  SELECT m.user_id INTO v_user FROM memberships m
   WHERE m.org_id = v_org AND m.id = p_membership_id AND m.status = 'deactivated';
  IF v_user IS NULL THEN
    RETURN QUERY SELECT NULL::uuid, 0;
    RETURN;
  END IF;
  IF NOT EXISTS (
    SELECT 1 FROM memberships cm
      JOIN member_roles mr ON mr.org_id = cm.org_id AND mr.membership_id = cm.id
      JOIN role_effective_permissions ep ON ep.org_id = mr.org_id AND ep.role_id = mr.role_id
     WHERE cm.org_id = v_org AND cm.user_id = v_caller AND cm.status = 'active' AND ep.permission = 'users:manage'
  ) THEN
    RAISE EXCEPTION 'users:manage required' USING ERRCODE = '42501';
  END IF;
  IF EXISTS (SELECT 1 FROM memberships o WHERE o.user_id = v_user AND o.org_id <> v_org AND o.status = 'active') THEN
    RETURN QUERY SELECT v_user, 0;
    RETURN;
  END IF;
  DELETE FROM sessions s WHERE s.user_id = v_user;
  GET DIAGNOSTICS v_count = ROW_COUNT;
  RETURN QUERY SELECT v_user, v_count;
END
$$;--> statement-breakpoint

REVOKE ALL ON FUNCTION app_invitation_by_token(text), app_revoke_member_sessions(uuid) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_invitation_by_token(text), app_revoke_member_sessions(uuid) TO atrium_app;
