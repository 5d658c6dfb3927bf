-- Notification emails (0015–0018): only the system settles them. 0016 and 0018 granted the runtime
-- role UPDATE on email_state, email_queued_at and email_settled_at for the system transaction's
-- policy, but a grant is the role's, not the policy's: a member, whose own_update policy (0012) lets
-- them mark their own rows read, could also set their own email back to 'pending' (sent again) or
-- to 'dropped'. The runtime role now may update none of those columns; the settlement goes through
-- app_settle_notification_emails, which checks that the transaction is a system transaction
-- (app.user_id is the nil UUID) of that org, settles only its rows still 'pending', and returns
-- the ids it changed.
--
-- queuePendingEmails still locks the pending rows it settles (SELECT ... FOR UPDATE SKIP LOCKED),
-- and PostgreSQL checks locked rows against the UPDATE policies' USING: 0018's settle policy gives
-- way to one that lets the system lock a pending row and change nothing by UPDATE (WITH CHECK false).
-- The system's SELECT policy (0016) stays: the run reads the pending rows.

REVOKE UPDATE (email_state, email_queued_at, email_settled_at) ON notifications FROM atrium_app;--> statement-breakpoint
DROP POLICY notifications_system_email_settle ON "notifications";--> statement-breakpoint
CREATE POLICY notifications_system_email_lock ON "notifications" FOR UPDATE
  USING (org_id = (select current_setting('app.org_id', true))::uuid
         AND (select current_setting('app.user_id', true))::uuid = '00000000-0000-0000-0000-000000000000'::uuid
         AND email_state = 'pending')
  WITH CHECK (false);--> statement-breakpoint

CREATE FUNCTION app_settle_notification_emails(p_org uuid, p_ids bigint[], p_state text)
  RETURNS SETOF bigint
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
  IF p_org IS DISTINCT FROM nullif(current_setting('app.org_id', true), '')::uuid THEN
    RAISE EXCEPTION 'notification emails are settled only in a transaction of their org' USING ERRCODE = '42501';
  END IF;
  IF nullif(current_setting('app.user_id', true), '')::uuid IS DISTINCT FROM '00000000-0000-0000-0000-000000000000'::uuid THEN
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
$$;--> statement-breakpoint

REVOKE ALL ON FUNCTION app_settle_notification_emails(uuid, bigint[], text) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_settle_notification_emails(uuid, bigint[], text) TO atrium_app;
