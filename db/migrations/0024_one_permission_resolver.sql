-- One resolver of a membership's permissions. app_resolve_member (0006, 0020) and app_api_key_lookup
-- (0022) each carried their own copy of the same two subqueries; a change to how grants combine
-- (a new condition rule, a new source of grants) had to be made twice and could drift. Both now call
-- app_member_permissions, and return exactly the columns and rows they returned before.
--
-- Not SECURITY DEFINER: it runs with the rights of its caller. The definer functions that call it
-- run as the owner, so it sees every org's grants there; nobody else may execute it (revoked from
-- PUBLIC, granted to no one), so the runtime role cannot use it to ask about a membership.
--
-- No SET search_path, on purpose: PostgreSQL inlines a STABLE SQL set-returning function into its
-- caller's plan only when it has no SET clause. Pinned, it was planned on every call and made
-- app_resolve_member (every org request) about 2.5 times slower (0.17 → 0.5 ms per call, measured
-- as the runtime role); inlined, it costs what the copied subqueries cost. Instead every table is
-- schema-qualified, and the body is planned inside its callers, whose search_path is pinned.
--
-- One pass over the member's grants: each permission once, conditional only when every path that
-- grants it carries conditions (one unconditional path makes the permission unconditional), with
-- the sorted, distinct sources of those conditions.
CREATE FUNCTION app_member_permissions(p_org_id uuid, p_membership_id uuid)
  RETURNS TABLE (permissions text[], conditions jsonb)
  LANGUAGE sql STABLE
AS $$
  WITH grants AS (
    SELECT ep.permission,
           bool_and(cardinality(ep.conditions) > 0) AS is_conditional,
           array_agg(DISTINCT s.source ORDER BY s.source) AS sources
      FROM public.member_roles mr
      JOIN public.role_effective_permissions ep ON ep.org_id = mr.org_id AND ep.role_id = mr.role_id
      LEFT JOIN LATERAL unnest(ep.conditions) AS s(source) ON true
     WHERE mr.org_id = p_org_id AND mr.membership_id = p_membership_id
     GROUP BY ep.permission
  )
  SELECT coalesce(array_agg(g.permission ORDER BY g.permission), '{}'),
         coalesce(jsonb_object_agg(g.permission, g.sources) FILTER (WHERE g.is_conditional), '{}'::jsonb)
    FROM grants g
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION app_member_permissions(uuid, uuid) FROM PUBLIC;--> statement-breakpoint

-- Same columns, same rows as 0020; the permissions now come from the one resolver.
CREATE OR REPLACE FUNCTION app_resolve_member(p_session_id text, p_slug text)
  RETURNS TABLE (org_id uuid, org_slug text, org_name text, membership_id uuid, status text, permissions text[],
                 conditions jsonb, attributes jsonb, org_timezone text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT o.id, o.slug, o.name, m.id, m.status, p.permissions, p.conditions, m.attributes, o.timezone
    FROM sessions se
    JOIN memberships m ON m.user_id = se.user_id
    JOIN organizations o ON o.id = m.org_id
    CROSS JOIN LATERAL app_member_permissions(m.org_id, m.id) p
   WHERE se.id = p_session_id AND se.expires_at > now() AND lower(o.slug) = lower(p_slug) AND app_is_pre_tenant()
$$;--> statement-breakpoint

-- Same columns, same rows as 0022; the creator's permissions now come from the one resolver.
CREATE OR REPLACE FUNCTION app_api_key_lookup(p_lookup text)
  RETURNS TABLE (org_id uuid, key_id uuid, name text, secret_hash bytea, previous_secret_hash bytea,
                 previous_valid_until timestamptz, expires_at timestamptz, revoked_at timestamptz,
                 last_used_at timestamptz, ip_allowlist text[], scopes text[], creator_membership_id uuid,
                 creator_status text, creator_email text, creator_permissions text[], creator_conditions jsonb,
                 creator_attributes jsonb, org_timezone text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT k.org_id, k.id, k.name, k.secret_hash, k.previous_secret_hash, k.previous_valid_until, k.expires_at,
         k.revoked_at, k.last_used_at, k.ip_allowlist, k.scopes, m.id, m.status, u.email,
         p.permissions, p.conditions, m.attributes, o.timezone
    FROM api_keys k
    JOIN memberships m ON m.org_id = k.org_id AND m.id = k.creator_membership_id
    JOIN users u ON u.id = m.user_id
    JOIN organizations o ON o.id = k.org_id
    CROSS JOIN LATERAL app_member_permissions(m.org_id, m.id) p
   WHERE k.lookup = p_lookup AND app_is_pre_tenant()
$$;
