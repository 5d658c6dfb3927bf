-- app_resolve_member also answers what grant conditions need (0005): for each permission the
-- member holds only conditionally, the conditions' sources (any one holding allows; a permission
-- absent from the map is unconditional), the member's attributes (principal.department, region,
-- title) and the org's time zone (env.hour, env.weekday). Still one query per request.
-- The output columns change, so the function is dropped and created again with its grants.
DROP FUNCTION app_resolve_member(uuid, text);--> statement-breakpoint

CREATE FUNCTION app_resolve_member(p_user_id uuid, p_slug text)
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
    FROM organizations o
    JOIN memberships m ON m.org_id = o.id AND m.user_id = p_user_id
   WHERE lower(o.slug) = lower(p_slug)
$$;--> statement-breakpoint

REVOKE ALL ON FUNCTION app_resolve_member(uuid, text) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_resolve_member(uuid, text) TO atrium_app;
