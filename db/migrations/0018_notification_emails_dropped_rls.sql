-- Dropped notification emails (0017): RLS and grants. A pending email whose person is no longer an
-- active member of the org, or that the sendEmail job refuses, is never sent: a system transaction
-- of the org (app.user_id is the nil UUID) may now mark a pending row 'dropped' as well as 'queued',
-- and set email_settled_at. Still nothing else: no row goes back to pending, and a queued or dropped
-- row is not changed again. Replaces 0016's notifications_system_email_queue.

DROP POLICY notifications_system_email_queue ON "notifications";--> statement-breakpoint
CREATE POLICY notifications_system_email_settle ON "notifications" FOR UPDATE
  USING (org_id = (select current_setting('app.org_id', true))::uuid
         AND (select current_setting('app.user_id', true))::uuid = '00000000-0000-0000-0000-000000000000'::uuid
         AND email_state = 'pending')
  WITH CHECK (org_id = (select current_setting('app.org_id', true))::uuid
              AND (select current_setting('app.user_id', true))::uuid = '00000000-0000-0000-0000-000000000000'::uuid
              AND email_state IN ('queued', 'dropped'));--> statement-breakpoint
GRANT UPDATE (email_settled_at) ON notifications TO atrium_app;--> statement-breakpoint
-- Rows queued before this migration settled when they were queued.
UPDATE notifications SET email_settled_at = email_queued_at WHERE email_state = 'queued' AND email_settled_at IS NULL;
