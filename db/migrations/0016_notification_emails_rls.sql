-- Notification emails (0015): RLS and grants. The notifyInbox job queues the emails that inbox rows
-- carry (email_state 'pending') in a system transaction of the org (app.user_id is the nil UUID),
-- which until now saw no inbox row at all. It may now see the rows that carry an email, and mark a
-- pending one queued, nothing else: it reads neither the rows without an email nor changes any row
-- back to pending. Seeing the queued rows too is what lets PostgreSQL accept the marked row (an
-- UPDATE with a WHERE checks the new row against the SELECT policies as well).

CREATE POLICY notifications_system_email_read ON "notifications" FOR SELECT
  USING (org_id = (select current_setting('app.org_id', true))::uuid
         AND (select current_setting('app.user_id', true))::uuid = '00000000-0000-0000-0000-000000000000'::uuid
         AND email_state IS NOT NULL);--> statement-breakpoint
CREATE POLICY notifications_system_email_queue ON "notifications" FOR UPDATE
  USING (org_id = (select current_setting('app.org_id', true))::uuid
         AND (select current_setting('app.user_id', true))::uuid = '00000000-0000-0000-0000-000000000000'::uuid
         AND email_state = 'pending')
  WITH CHECK (org_id = (select current_setting('app.org_id', true))::uuid
              AND (select current_setting('app.user_id', true))::uuid = '00000000-0000-0000-0000-000000000000'::uuid
              AND email_state = 'queued');--> statement-breakpoint
GRANT UPDATE (email_state, email_queued_at) ON notifications TO atrium_app;
