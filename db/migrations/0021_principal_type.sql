-- The principal type (server/tenancy/principal.ts): withTenant now sets the transaction-local
-- app.principal_type ('user', 'apiKey', 'scimClient', 'system') with app.org_id and app.user_id.
-- Until now the policies that give the system more than a member (0012, 0016, 0019) recognised it
-- by app.user_id being the nil UUID — but an API key or a SCIM client has no user either, and
-- would have been read as the system: seeing every member's notification preferences and pending
-- notification emails, locking and settling them. Those policies, and the settle function, now
-- also require app.principal_type = 'system'.

DROP POLICY notification_preferences_read ON "notification_preferences";--> statement-breakpoint
CREATE POLICY notification_preferences_read ON "notification_preferences" FOR SELECT
  USING (org_id = (select current_setting('app.org_id', true))::uuid
         AND (user_id = (select current_setting('app.user_id', true))::uuid
              OR ((select current_setting('app.user_id', true))::uuid = '00000000-0000-0000-0000-000000000000'::uuid
                  AND (select current_setting('app.principal_type', true)) = 'system')));--> statement-breakpoint

DROP POLICY notifications_system_email_read ON "notifications";--> statement-breakpoint
CREATE POLICY notifications_system_email_read ON "notifications" FOR SELECT
  USING (org_id = (select current_setting('app.org_id', true))::uuid
         AND (select current_setting('app.user_id', true))::uuid = '00000000-0000-0000-0000-000000000000'::uuid
         AND (select current_setting('app.principal_type', true)) = 'system'
         AND email_state IS NOT NULL);--> statement-breakpoint

DROP POLICY notifications_system_email_lock ON "notifications";--> statement-breakpoint
CREATE POLICY notifications_system_email_lock ON "notifications" FOR UPDATE
  USING (org_id = (select current_setting('app.org_id', true))::uuid
         AND (select current_setting('app.user_id', true))::uuid = '00000000-0000-0000-0000-000000000000'::uuid
         AND (select current_setting('app.principal_type', true)) = 'system'
         AND email_state = 'pending')
  WITH CHECK (false);--> statement-breakpoint

CREATE OR REPLACE FUNCTION app_settle_notification_emails(p_org uuid, p_ids bigint[], p_state text)
  RETURNS SETOF bigint
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
  IF p_org IS DISTINCT FROM nullif(current_setting('app.org_id', true), '')::uuid THEN
    RAISE EXCEPTION 'notification emails are settled only in a transaction of their org' USING ERRCODE = '42501';
  END IF;
  IF nullif(current_setting('app.user_id', true), '')::uuid IS DISTINCT FROM '00000000-0000-0000-0000-000000000000'::uuid
     OR current_setting('app.principal_type', true) IS DISTINCT FROM 'system' THEN
    RAISE EXCEPTION 'notification emails are settled only by the system' USING ERRCODE = '42501';
  END IF;
  IF p_state IS NULL OR p_state NOT IN ('queued', 'dropped') THEN
    RAISE EXCEPTION 'a notification email settles as queued or dropped, not %', p_state USING ERRCODE = '22023';
  END IF;
  RETURN QUERY
    UPDATE notifications n
       SET email_state = p_state,
           email_settled_at = now(),
           email_queued_at = CASE WHEN p_state = 'queued' THEN now() ELSE n.email_queued_at END
     WHERE n.org_id = p_org AND n.id = ANY (p_ids) AND n.email_state = 'pending'
    RETURNING n.id;
END
$$;
