-- Notifications (0011): RLS and grants. An inbox row is its person's alone: reading and marking
-- need both the org (app.org_id) and the person (app.user_id). The fan-out job inserts rows for
-- others inside the org's tenant transaction, without reading them back. Preferences are written
-- only by their person; a system transaction of the org (app.user_id is the nil UUID: jobs) may read
-- every member's, which the fan-out needs. The fan-out cursor is an ordinary tenant row.

ALTER TABLE "notifications" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "notifications" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY notifications_own_read ON "notifications" FOR SELECT
  USING (org_id = (select current_setting('app.org_id', true))::uuid
         AND user_id = (select current_setting('app.user_id', true))::uuid);--> statement-breakpoint
CREATE POLICY notifications_own_update ON "notifications" FOR UPDATE
  USING (org_id = (select current_setting('app.org_id', true))::uuid
         AND user_id = (select current_setting('app.user_id', true))::uuid)
  WITH CHECK (org_id = (select current_setting('app.org_id', true))::uuid
              AND user_id = (select current_setting('app.user_id', true))::uuid);--> statement-breakpoint
CREATE POLICY notifications_tenant_insert ON "notifications" FOR INSERT
  WITH CHECK (org_id = (select current_setting('app.org_id', true))::uuid);--> statement-breakpoint
GRANT SELECT, INSERT ON notifications TO atrium_app;--> statement-breakpoint
GRANT UPDATE (read_at, digested_at) ON notifications TO atrium_app;--> statement-breakpoint

ALTER TABLE "notification_preferences" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "notification_preferences" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY notification_preferences_read ON "notification_preferences" FOR SELECT
  USING (org_id = (select current_setting('app.org_id', true))::uuid
         AND (user_id = (select current_setting('app.user_id', true))::uuid
              OR (select current_setting('app.user_id', true))::uuid = '00000000-0000-0000-0000-000000000000'::uuid));--> statement-breakpoint
CREATE POLICY notification_preferences_own_write ON "notification_preferences" FOR ALL
  USING (org_id = (select current_setting('app.org_id', true))::uuid
         AND user_id = (select current_setting('app.user_id', true))::uuid)
  WITH CHECK (org_id = (select current_setting('app.org_id', true))::uuid
              AND user_id = (select current_setting('app.user_id', true))::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON notification_preferences TO atrium_app;--> statement-breakpoint

ALTER TABLE "notification_cursors" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "notification_cursors" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "notification_cursors"
  USING (org_id = (select current_setting('app.org_id', true))::uuid)
  WITH CHECK (org_id = (select current_setting('app.org_id', true))::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON notification_cursors TO atrium_app;
