-- The audit trail (0009) made append-only by construction (docs/decisions/010-audit.md):
--   * RLS enabled and forced; atrium_app may SELECT and INSERT its org's events, nothing else;
--   * a BEFORE INSERT trigger chains each event to the previous one of its org: it locks the org's
--     chain head row (so concurrent inserts queue instead of forking the chain), sets seq,
--     prev_hash and hash = sha256(prev_hash || canonical encoding), and never dates an event
--     before its predecessor (seq order is time order, which retention relies on);
--   * UPDATE and TRUNCATE are refused for everyone, the owner and superusers included;
--   * DELETE only by atrium_audit_purge (created by db/setup.ts; atrium_app may SET ROLE to it in
--     the purge job), only for its org, only a prefix of the chain whose events are all older than
--     the org's retention — and by the cascade when an organization itself is deleted.

ALTER TABLE "organizations" ADD CONSTRAINT "organizations_audit_retention_days_range"
  CHECK (audit_retention_days BETWEEN 30 AND 2555);--> statement-breakpoint

ALTER TABLE "audit_events" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "audit_events" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_read ON "audit_events" FOR SELECT TO atrium_app
  USING (org_id = (select current_setting('app.org_id', true))::uuid);--> statement-breakpoint
CREATE POLICY tenant_append ON "audit_events" FOR INSERT TO atrium_app
  WITH CHECK (org_id = (select current_setting('app.org_id', true))::uuid);--> statement-breakpoint

ALTER TABLE "audit_chain_heads" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "audit_chain_heads" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "audit_chain_heads" FOR SELECT TO atrium_app
  USING (org_id = (select current_setting('app.org_id', true))::uuid);--> statement-breakpoint

REVOKE ALL ON audit_events, audit_chain_heads FROM PUBLIC;--> statement-breakpoint
GRANT SELECT, INSERT ON audit_events TO atrium_app;--> statement-breakpoint
GRANT SELECT ON audit_chain_heads TO atrium_app;--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO atrium_audit_purge;--> statement-breakpoint
GRANT DELETE ON audit_events TO atrium_audit_purge;--> statement-breakpoint

-- The canonical encoding hashed into the chain: every field as text, each written as
-- <UTF-8 byte length>:<value> (null as ~), joined by commas. server/audit/canonical.ts implements
-- the same encoding independently to verify the chain; a test checks that both agree.
CREATE FUNCTION audit_canonical(e audit_events) RETURNS text
  LANGUAGE sql STABLE SET search_path = public, pg_temp
AS $$
  SELECT string_agg(CASE WHEN f IS NULL THEN '~' ELSE octet_length(f)::text || ':' || f END, ',' ORDER BY n)
    FROM unnest(ARRAY[
      'atrium-audit-v1', e.org_id::text, e.seq::text, e.id::text,
      to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      e.actor_type, e.actor_id, e.actor_email, e.action, e.resource_type, e.resource_id,
      e.outcome, e.reason, e.ip, e.user_agent, e.country, e.request_id, e.before::text, e.after::text
    ]::text[]) WITH ORDINALITY AS t(f, n)
$$;--> statement-breakpoint

-- SECURITY DEFINER so the runtime role needs no rights on audit_chain_heads. The row it appends is
-- still checked against the tenant_append policy after this trigger, so it cannot chain into
-- another org: a refused row rolls the head update back with it.
CREATE FUNCTION audit_events_chain() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  v_seq bigint;
  v_hash bytea;
  v_at timestamptz;
BEGIN
  SELECT h.seq, h.hash, h.occurred_at INTO v_seq, v_hash, v_at
    FROM audit_chain_heads h WHERE h.org_id = NEW.org_id FOR UPDATE;
  IF NOT FOUND THEN
    INSERT INTO audit_chain_heads (org_id, seq, hash, occurred_at)
      VALUES (NEW.org_id, 0, decode(repeat('00', 32), 'hex'), '-infinity')
      ON CONFLICT (org_id) DO NOTHING;
    SELECT h.seq, h.hash, h.occurred_at INTO v_seq, v_hash, v_at
      FROM audit_chain_heads h WHERE h.org_id = NEW.org_id FOR UPDATE;
  END IF;
  NEW.seq := v_seq + 1;
  NEW.prev_hash := v_hash;
  NEW.occurred_at := greatest(date_trunc('milliseconds', NEW.occurred_at), v_at);
  NEW.hash := sha256(v_hash || convert_to(audit_canonical(NEW), 'UTF8'));
  UPDATE audit_chain_heads SET seq = NEW.seq, hash = NEW.hash, occurred_at = NEW.occurred_at
   WHERE org_id = NEW.org_id;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_chain();--> statement-breakpoint

CREATE FUNCTION audit_events_refuse_change() RETURNS trigger
  LANGUAGE plpgsql SET search_path = public, pg_temp
AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = '42501';
END
$$;--> statement-breakpoint
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();--> statement-breakpoint

-- Retention: the moment before which an org's events have expired (null for an unknown org).
CREATE FUNCTION audit_retention_cutoff(p_org uuid) RETURNS timestamptz
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT now() - make_interval(days => o.audit_retention_days) FROM organizations o WHERE o.id = p_org $$;--> statement-breakpoint

-- The first seq the purge must keep: the first event that has not expired, or the next seq when all
-- have. Everything before it has expired because occurred_at never decreases along the chain.
CREATE FUNCTION audit_purge_horizon(p_org uuid) RETURNS bigint
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT coalesce(
    (SELECT e.seq FROM audit_events e
      WHERE e.org_id = p_org AND e.occurred_at >= audit_retention_cutoff(p_org)
      ORDER BY e.occurred_at, e.seq LIMIT 1),
    (SELECT h.seq + 1 FROM audit_chain_heads h WHERE h.org_id = p_org),
    1)
$$;--> statement-breakpoint

CREATE FUNCTION audit_org_exists(p_org uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT EXISTS (SELECT 1 FROM organizations WHERE id = p_org) $$;--> statement-breakpoint

-- The purge role deletes with no WHERE of its own (it may not read the table): this policy is
-- what limits it to the current org's expired prefix, and to no more than the job asked for
-- (app.audit_purge_before, the horizon it read and anchored in its purge event).
CREATE POLICY purge_expired ON "audit_events" FOR DELETE TO atrium_audit_purge
  USING (org_id = (select current_setting('app.org_id', true))::uuid
         AND seq < (select least(audit_purge_horizon((select current_setting('app.org_id', true))::uuid),
                                 nullif(current_setting('app.audit_purge_before', true), '')::bigint)));--> statement-breakpoint

CREATE FUNCTION audit_events_guard_delete() RETURNS trigger
  LANGUAGE plpgsql SET search_path = public, pg_temp
AS $$
BEGIN
  -- The organization itself is being deleted (ON DELETE CASCADE): its trail goes with it.
  IF NOT audit_org_exists(OLD.org_id) THEN
    RETURN OLD;
  END IF;
  IF current_user = 'atrium_audit_purge' AND OLD.occurred_at < audit_retention_cutoff(OLD.org_id) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_events is append-only: DELETE refused (only the purge role may delete expired events)'
    USING ERRCODE = '42501';
END
$$;--> statement-breakpoint
CREATE TRIGGER audit_events_guard_delete BEFORE DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_guard_delete();--> statement-breakpoint

REVOKE ALL ON FUNCTION audit_retention_cutoff(uuid), audit_purge_horizon(uuid), audit_org_exists(uuid),
  audit_events_chain(), audit_canonical(audit_events) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION audit_retention_cutoff(uuid), audit_purge_horizon(uuid), audit_org_exists(uuid)
  TO atrium_app, atrium_audit_purge;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION audit_canonical(audit_events) TO atrium_app;
