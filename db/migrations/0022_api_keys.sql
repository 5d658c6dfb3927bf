CREATE TABLE "api_keys" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"lookup" text NOT NULL,
	"secret_hash" "bytea" NOT NULL,
	"scopes" text[] NOT NULL,
	"creator_membership_id" uuid NOT NULL,
	"expires_at" timestamp with time zone,
	"ip_allowlist" text[] DEFAULT '{}'::text[] NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"previous_secret_hash" "bytea",
	"previous_valid_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "api_keys_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "api_keys_name_length" CHECK (char_length("api_keys"."name") between 1 and 100),
	CONSTRAINT "api_keys_secret_hash_length" CHECK (octet_length("api_keys"."secret_hash") = 32),
	CONSTRAINT "api_keys_previous_secret" CHECK (("api_keys"."previous_secret_hash" is null) = ("api_keys"."previous_valid_until" is null))
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_creator_fk" FOREIGN KEY ("org_id","creator_membership_id") REFERENCES "public"."memberships"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_lookup_key" ON "api_keys" USING btree ("lookup");--> statement-breakpoint
CREATE INDEX "api_keys_creator_idx" ON "api_keys" USING btree ("org_id","creator_membership_id");--> statement-breakpoint

-- API keys (docs/decisions/024-api-keys.md): an ordinary tenant row, read and written only inside
-- its org's transaction. Before the tenant is known, a token finds its key through the one definer
-- function below; the runtime role has no read across orgs.
ALTER TABLE "api_keys" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "api_keys" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "api_keys"
  USING (org_id = (select current_setting('app.org_id', true))::uuid)
  WITH CHECK (org_id = (select current_setting('app.org_id', true))::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON api_keys TO atrium_app;--> statement-breakpoint

-- Pre-tenant; the token's lookup part. Authenticating a key: what verification needs — the hashes
-- to compare (in constant time, in the server), the key's state, and its creator's membership
-- status and current permissions, resolved as app_resolve_member resolves a member's.
CREATE FUNCTION app_api_key_lookup(p_lookup text)
  RETURNS TABLE (org_id uuid, key_id uuid, name text, secret_hash bytea, previous_secret_hash bytea,
                 previous_valid_until timestamptz, expires_at timestamptz, revoked_at timestamptz,
                 last_used_at timestamptz, ip_allowlist text[], scopes text[], creator_membership_id uuid,
                 creator_status text, creator_email text, creator_permissions text[], creator_conditions jsonb,
                 creator_attributes jsonb, org_timezone text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT k.org_id, k.id, k.name, k.secret_hash, k.previous_secret_hash, k.previous_valid_until, k.expires_at,
         k.revoked_at, k.last_used_at, k.ip_allowlist, k.scopes, m.id, m.status, u.email,
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
                           HAVING bool_and(cardinality(ep.conditions) > 0)) c), '{}'::jsonb),
         m.attributes,
         o.timezone
    FROM api_keys k
    JOIN memberships m ON m.org_id = k.org_id AND m.id = k.creator_membership_id
    JOIN users u ON u.id = m.user_id
    JOIN organizations o ON o.id = k.org_id
   WHERE k.lookup = p_lookup AND app_is_pre_tenant()
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION app_api_key_lookup(text) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_api_key_lookup(text) TO atrium_app;
