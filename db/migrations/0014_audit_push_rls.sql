-- Audit push (0013): RLS and grants. An endpoint is an ordinary tenant row: read and written only
-- inside its org's transaction (app.org_id), by the procedures and by the pushAudit job. No DELETE:
-- an endpoint is switched off, and it goes with its org (ON DELETE CASCADE).

ALTER TABLE "audit_push_endpoints" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "audit_push_endpoints" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "audit_push_endpoints"
  USING (org_id = (select current_setting('app.org_id', true))::uuid)
  WITH CHECK (org_id = (select current_setting('app.org_id', true))::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON audit_push_endpoints TO atrium_app;
