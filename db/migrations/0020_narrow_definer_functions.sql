-- The SECURITY DEFINER functions answer only the caller that needs them (docs/decisions/003, which
-- lists every such function and why it exists). Until now several answered anyone connected as
-- atrium_app, whatever the transaction:
--   * app_login_lookup gave any user's password hash for an email, to every caller. It now answers
--     only before a tenant or user is known (the sign-in step), and only for accounts that have a
--     password. Callers that only need to know who owns an email use app_user_id_by_email, which
--     returns no hash; changing one's password reads the hash through the caller's own live
--     session (app_session_password_hash).
--   * app_resolve_member and app_user_orgs took a bare user id: anyone holding an id could resolve
--     memberships and permissions. They now take the session id (the SHA-256 of the cookie token)
--     and resolve the user from that session only while it is unexpired, in the same single query.
--   * app_session_lookup is keyed by the session id already; it and every other pre-tenant lookup
--     now answer only outside tenant and user transactions (app_is_pre_tenant), so code running
--     inside withTenant / withActor cannot reach credentials through them.
--   * app_all_org_ids and app_outbox_pending_orgs listed tenants to anyone. They now require a
--     system task transaction (no org, no user, app.system_task naming the task, set only by
--     withSystemTask in server/tenancy/withTenant.ts) and refuse everything else.
--   * audit_retention_cutoff and audit_purge_horizon answered about any org: they now answer only
--     about the org of the current transaction (null otherwise). audit_org_exists is needed only by
--     the delete guard on the organization's cascade, which runs as the owner: nobody else may call
--     it, and the guard asks the purge role's question first so the purge never needs it.

-- True outside tenant and user transactions: app.org_id and app.user_id unset or the nil UUID.
CREATE FUNCTION app_is_pre_tenant() RETURNS boolean
  LANGUAGE sql STABLE SET search_path = public, pg_temp
AS $$
  SELECT coalesce(nullif(current_setting('app.org_id', true), '')::uuid, '00000000-0000-0000-0000-000000000000')
           = '00000000-0000-0000-0000-000000000000'
     AND coalesce(nullif(current_setting('app.user_id', true), '')::uuid, '00000000-0000-0000-0000-000000000000')
           = '00000000-0000-0000-0000-000000000000'
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION app_is_pre_tenant() FROM PUBLIC;--> statement-breakpoint

-- Refuses (42501) unless the transaction is the system task p_task with no org and no user.
CREATE FUNCTION app_require_system_task(p_task text) RETURNS void
  LANGUAGE plpgsql STABLE SET search_path = public, pg_temp
AS $$
BEGIN
  IF current_setting('app.system_task', true) IS DISTINCT FROM p_task OR NOT app_is_pre_tenant() THEN
    RAISE EXCEPTION 'only the system task % may list tenants', p_task USING ERRCODE = '42501';
  END IF;
END
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION app_require_system_task(text) FROM PUBLIC;--> statement-breakpoint

-- Sign-in only: the hash of an account that has a password, before any tenant or user is known.
CREATE OR REPLACE FUNCTION app_login_lookup(p_email text)
  RETURNS TABLE (user_id uuid, password_hash text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT u.id, u.password_hash FROM users u
   WHERE lower(u.email) = lower(p_email) AND u.password_hash IS NOT NULL AND app_is_pre_tenant()
$$;--> statement-breakpoint

-- Who owns an email (password reset, invitation acceptance, operator commands): the id, no hash.
CREATE FUNCTION app_user_id_by_email(p_email text)
  RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT u.id FROM users u WHERE lower(u.email) = lower(p_email) AND app_is_pre_tenant() $$;--> statement-breakpoint

-- Changing a password: the hash of the user of this live session, to check the current password.
CREATE FUNCTION app_session_password_hash(p_session_id text)
  RETURNS TABLE (user_id uuid, password_hash text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT u.id, u.password_hash
    FROM sessions s JOIN users u ON u.id = s.user_id
   WHERE s.id = p_session_id AND s.expires_at > now() AND u.password_hash IS NOT NULL AND app_is_pre_tenant()
$$;--> statement-breakpoint

CREATE OR REPLACE FUNCTION app_session_lookup(p_session_id text)
  RETURNS TABLE (session_id text, user_id uuid, expires_at timestamptz, last_seen_at timestamptz,
                 email text, name text, last_org_slug text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT s.id, s.user_id, s.expires_at, s.last_seen_at, u.email, u.name, u.last_org_slug
    FROM sessions s JOIN users u ON u.id = s.user_id
   WHERE s.id = p_session_id AND s.expires_at > now() AND app_is_pre_tenant()
$$;--> statement-breakpoint

-- Same columns as 0006; the user now comes from a live session.
DROP FUNCTION app_resolve_member(uuid, text);--> statement-breakpoint
CREATE FUNCTION app_resolve_member(p_session_id text, p_slug text)
  RETURNS TABLE (org_id uuid, org_slug text, org_name text, membership_id uuid, status text, permissions text[],
                 conditions jsonb, attributes jsonb, org_timezone text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT o.id, o.slug, o.name, m.id, m.status,
         coalesce((SELECT array_agg(DISTINCT ep.permission ORDER BY ep.permission)
                     FROM member_roles mr
                     JOIN role_effective_permissions ep ON ep.org_id = mr.org_id AND ep.role_id = mr.role_id
                    WHERE mr.org_id = m.org_id AND mr.membership_id = m.id), '{}'),
         coalesce((SELECT jsonb_object_agg(c.permission, c.sources)
                     FROM (SELECT ep.permission, array_agg(DISTINCT s.source ORDER BY s.source) AS sources
                             FROM member_roles mr
                             JOIN role_effective_permissions ep ON ep.org_id = mr.org_id AND ep.role_id = mr.role_id
                             LEFT JOIN LATERAL unnest(ep.conditions) AS s(source) ON true
                            WHERE mr.org_id = m.org_id AND mr.membership_id = m.id
                            GROUP BY ep.permission
                           -- one unconditional path makes the permission unconditional
                           HAVING bool_and(cardinality(ep.conditions) > 0)) c), '{}'::jsonb),
         m.attributes,
         o.timezone
    FROM sessions se
    JOIN memberships m ON m.user_id = se.user_id
    JOIN organizations o ON o.id = m.org_id
   WHERE se.id = p_session_id AND se.expires_at > now() AND lower(o.slug) = lower(p_slug) AND app_is_pre_tenant()
$$;--> statement-breakpoint

DROP FUNCTION app_user_orgs(uuid);--> statement-breakpoint
CREATE FUNCTION app_user_orgs(p_session_id text)
  RETURNS TABLE (org_id uuid, org_slug text, org_name text, status text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT o.id, o.slug, o.name, m.status
    FROM sessions se
    JOIN memberships m ON m.user_id = se.user_id
    JOIN organizations o ON o.id = m.org_id
   WHERE se.id = p_session_id AND se.expires_at > now() AND app_is_pre_tenant()
   ORDER BY lower(o.name)
$$;--> statement-breakpoint

-- Cron fan-out: the list of tenants, and nothing about them, to the cron task only.
CREATE OR REPLACE FUNCTION app_all_org_ids()
  RETURNS TABLE (org_id uuid)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
  PERFORM app_require_system_task('cron-fan-out');
  RETURN QUERY SELECT o.id FROM organizations o ORDER BY o.id;
END
$$;--> statement-breakpoint

-- The outbox relay's sweep: which tenants have unpublished events, to the relay only.
CREATE OR REPLACE FUNCTION app_outbox_pending_orgs(p_limit integer)
  RETURNS TABLE (org_id uuid)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
  PERFORM app_require_system_task('outbox-relay');
  RETURN QUERY SELECT DISTINCT ob.org_id FROM outbox ob WHERE ob.published_at IS NULL LIMIT p_limit;
END
$$;--> statement-breakpoint

REVOKE ALL ON FUNCTION app_user_id_by_email(text), app_session_password_hash(text), app_resolve_member(text, text),
  app_user_orgs(text) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_user_id_by_email(text), app_session_password_hash(text), app_resolve_member(text, text),
  app_user_orgs(text) TO atrium_app;--> statement-breakpoint

-- Audit helpers: only about the org of the current transaction.
CREATE OR REPLACE FUNCTION audit_retention_cutoff(p_org uuid) RETURNS timestamptz
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT now() - make_interval(days => o.audit_retention_days) FROM organizations o
   WHERE o.id = p_org AND o.id = nullif(current_setting('app.org_id', true), '')::uuid
$$;--> statement-breakpoint

CREATE OR REPLACE FUNCTION audit_purge_horizon(p_org uuid) RETURNS bigint
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT CASE WHEN p_org = nullif(current_setting('app.org_id', true), '')::uuid THEN
    coalesce(
      (SELECT e.seq FROM audit_events e
        WHERE e.org_id = p_org AND e.occurred_at >= audit_retention_cutoff(p_org)
        ORDER BY e.occurred_at, e.seq LIMIT 1),
      (SELECT h.seq + 1 FROM audit_chain_heads h WHERE h.org_id = p_org),
      1)
  END
$$;--> statement-breakpoint

-- The purge role's rows are decided by retention alone; whether the org still exists matters only
-- to the cascade of an organization's deletion, which runs as the owner.
CREATE OR REPLACE FUNCTION audit_events_guard_delete() RETURNS trigger
  LANGUAGE plpgsql SET search_path = public, pg_temp
AS $$
BEGIN
  IF current_user = 'atrium_audit_purge' THEN
    IF OLD.occurred_at < audit_retention_cutoff(OLD.org_id) THEN
      RETURN OLD;
    END IF;
  ELSIF NOT audit_org_exists(OLD.org_id) THEN
    -- The organization itself is being deleted (ON DELETE CASCADE): its trail goes with it.
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_events is append-only: DELETE refused (only the purge role may delete expired events)'
    USING ERRCODE = '42501';
END
$$;--> statement-breakpoint

REVOKE EXECUTE ON FUNCTION audit_org_exists(uuid) FROM atrium_app, atrium_audit_purge;
