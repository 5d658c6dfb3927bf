CREATE TABLE "api_key_usage" (
	"org_id" uuid NOT NULL,
	"key_id" uuid NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"ok" integer DEFAULT 0 NOT NULL,
	"client_errors" integer DEFAULT 0 NOT NULL,
	"server_errors" integer DEFAULT 0 NOT NULL,
	"limited" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "api_key_usage_org_id_key_id_hour_pk" PRIMARY KEY("org_id","key_id","hour"),
	CONSTRAINT "api_key_usage_hour_start" CHECK ("api_key_usage"."hour" = date_trunc('hour', "api_key_usage"."hour", 'UTC')),
	CONSTRAINT "api_key_usage_counts" CHECK ("api_key_usage"."ok" >= 0 and "api_key_usage"."client_errors" >= 0 and "api_key_usage"."server_errors" >= 0 and "api_key_usage"."limited" >= 0)
);
--> statement-breakpoint
ALTER TABLE "api_key_usage" ADD CONSTRAINT "api_key_usage_key_fk" FOREIGN KEY ("org_id","key_id") REFERENCES "public"."api_keys"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_key_usage_hour_idx" ON "api_key_usage" USING btree ("org_id","hour");--> statement-breakpoint

-- Per-key usage (server/apiKeys/usage.ts): an ordinary tenant table. The flush adds each org's
-- counts inside that org's own transaction; the portal reads them there; the purge job deletes
-- hours past retention there.
ALTER TABLE "api_key_usage" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "api_key_usage" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "api_key_usage"
  USING (org_id = (select current_setting('app.org_id', true))::uuid)
  WITH CHECK (org_id = (select current_setting('app.org_id', true))::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON api_key_usage TO atrium_app;
