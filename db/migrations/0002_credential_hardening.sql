-- Credential hardening: people who share an org may see each other's names and emails, never
-- password hashes; a used password-reset link takes every other outstanding link of that user with it.
REVOKE SELECT ON users FROM atrium_app;--> statement-breakpoint
GRANT SELECT (id, email, name, last_org_slug, created_at, updated_at) ON users TO atrium_app;--> statement-breakpoint

-- The user's own reset tokens (RLS: user_id = app.user_id), so a password change can cancel them.
GRANT SELECT (id, user_id, expires_at, used_at, created_at) ON password_reset_tokens TO atrium_app;--> statement-breakpoint
GRANT UPDATE (used_at) ON password_reset_tokens TO atrium_app;--> statement-breakpoint

CREATE OR REPLACE FUNCTION app_password_reset_consume(p_token_id text)
  RETURNS uuid
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  v_user uuid;
BEGIN
  UPDATE password_reset_tokens SET used_at = now()
   WHERE id = p_token_id AND used_at IS NULL AND expires_at > now()
  RETURNING user_id INTO v_user;
  IF v_user IS NOT NULL THEN
    UPDATE password_reset_tokens SET used_at = now() WHERE user_id = v_user AND used_at IS NULL;
  END IF;
  RETURN v_user;
END
$$;
