CREATE TABLE "billing_accounts" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"stripe_customer_id" text,
	"email" text,
	"card_brand" text,
	"card_last4" text,
	"card_exp_month" smallint,
	"card_exp_year" smallint,
	"stripe_event_at" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "billing_accounts_customer_id" CHECK ("billing_accounts"."stripe_customer_id" ~ '^cus_[A-Za-z0-9]{1,250}$'),
	CONSTRAINT "billing_accounts_card_month" CHECK ("billing_accounts"."card_exp_month" between 1 and 12)
);
--> statement-breakpoint
CREATE TABLE "billing_alerts" (
	"org_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"raised_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "billing_alerts_org_id_kind_key_pk" PRIMARY KEY("org_id","kind","key")
);
--> statement-breakpoint
CREATE TABLE "subscriptions" (
	"org_id" uuid NOT NULL,
	"id" text NOT NULL,
	"plan" text NOT NULL,
	"price_id" text,
	"status" text NOT NULL,
	"quantity" integer DEFAULT 1 NOT NULL,
	"current_period_start" timestamp with time zone,
	"current_period_end" timestamp with time zone,
	"cancel_at_period_end" boolean DEFAULT false NOT NULL,
	"canceled_at" timestamp with time zone,
	"stripe_event_at" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "subscriptions_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "subscriptions_id" CHECK ("subscriptions"."id" ~ '^sub_[A-Za-z0-9]{1,250}$'),
	CONSTRAINT "subscriptions_quantity" CHECK ("subscriptions"."quantity" >= 0)
);
--> statement-breakpoint
CREATE TABLE "invoice_lines" (
	"org_id" uuid NOT NULL,
	"invoice_id" text NOT NULL,
	"id" text NOT NULL,
	"position" integer NOT NULL,
	"description" text NOT NULL,
	"quantity" bigint,
	"unit_amount" bigint,
	"amount" bigint NOT NULL,
	"period_start" timestamp with time zone,
	"period_end" timestamp with time zone,
	CONSTRAINT "invoice_lines_org_id_invoice_id_id_pk" PRIMARY KEY("org_id","invoice_id","id")
);
--> statement-breakpoint
CREATE TABLE "invoices" (
	"org_id" uuid NOT NULL,
	"id" text NOT NULL,
	"number" text,
	"status" text NOT NULL,
	"currency" text NOT NULL,
	"subtotal" bigint NOT NULL,
	"tax" bigint DEFAULT 0 NOT NULL,
	"total" bigint NOT NULL,
	"amount_due" bigint NOT NULL,
	"amount_paid" bigint DEFAULT 0 NOT NULL,
	"period_start" timestamp with time zone,
	"period_end" timestamp with time zone,
	"issued_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone,
	"paid_at" timestamp with time zone,
	"payment_error" text,
	"subscription_id" text,
	"customer_name" text,
	"customer_email" text,
	"customer_address" jsonb,
	"customer_tax_id" text,
	"hosted_invoice_url" text,
	"stripe_pdf_url" text,
	"stripe_event_at" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invoices_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "invoices_id" CHECK ("invoices"."id" ~ '^in_[A-Za-z0-9]{1,250}$'),
	CONSTRAINT "invoices_currency" CHECK ("invoices"."currency" ~ '^[a-z]{3}$')
);
--> statement-breakpoint
CREATE TABLE "stripe_events" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"stripe_created_at" integer NOT NULL,
	"outcome" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "usage_dirty_hours" (
	"org_id" uuid NOT NULL,
	"metric" text NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"marked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "usage_dirty_hours_org_id_metric_hour_pk" PRIMARY KEY("org_id","metric","hour"),
	CONSTRAINT "usage_dirty_hours_hour_start" CHECK ("usage_dirty_hours"."hour" = date_trunc('hour', "usage_dirty_hours"."hour", 'UTC'))
);
--> statement-breakpoint
CREATE TABLE "usage_events" (
	"org_id" uuid NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "usage_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"metric" text NOT NULL,
	"dimension" text DEFAULT '' NOT NULL,
	"value" bigint NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text NOT NULL,
	"idempotency_key" text,
	CONSTRAINT "usage_events_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "usage_events_value" CHECK ("usage_events"."value" >= 0)
);
--> statement-breakpoint
CREATE TABLE "usage_rollups" (
	"org_id" uuid NOT NULL,
	"metric" text NOT NULL,
	"granularity" text NOT NULL,
	"dimension" text DEFAULT '' NOT NULL,
	"bucket_start" timestamp with time zone NOT NULL,
	"value" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "usage_rollups_org_id_metric_granularity_dimension_bucket_start_pk" PRIMARY KEY("org_id","metric","granularity","dimension","bucket_start") INCLUDE ("value"),
	CONSTRAINT "usage_rollups_bucket_start" CHECK ("usage_rollups"."bucket_start" = date_trunc("usage_rollups"."granularity", "usage_rollups"."bucket_start", 'UTC')),
	CONSTRAINT "usage_rollups_value" CHECK ("usage_rollups"."value" >= 0)
);
--> statement-breakpoint
CREATE TABLE "usage_metrics" (
	"org_id" uuid NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"unit" text DEFAULT '' NOT NULL,
	"aggregation" text DEFAULT 'sum' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "usage_metrics_org_id_key_pk" PRIMARY KEY("org_id","key"),
	CONSTRAINT "usage_metrics_key" CHECK ("usage_metrics"."key" ~ '^custom\.[a-z][a-z0-9_]{0,62}$')
);
--> statement-breakpoint
CREATE TABLE "usage_meter_reports" (
	"org_id" uuid NOT NULL,
	"metric" text NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"reported_value" bigint NOT NULL,
	"reported_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "usage_meter_reports_org_id_metric_hour_pk" PRIMARY KEY("org_id","metric","hour")
);
--> statement-breakpoint
ALTER TABLE "billing_accounts" ADD CONSTRAINT "billing_accounts_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_alerts" ADD CONSTRAINT "billing_alerts_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_invoice_fk" FOREIGN KEY ("org_id","invoice_id") REFERENCES "public"."invoices"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_dirty_hours" ADD CONSTRAINT "usage_dirty_hours_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_events" ADD CONSTRAINT "usage_events_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_rollups" ADD CONSTRAINT "usage_rollups_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_metrics" ADD CONSTRAINT "usage_metrics_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_meter_reports" ADD CONSTRAINT "usage_meter_reports_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "billing_accounts_customer_key" ON "billing_accounts" USING btree ("stripe_customer_id");--> statement-breakpoint
CREATE INDEX "subscriptions_status_idx" ON "subscriptions" USING btree ("org_id","status");--> statement-breakpoint
CREATE INDEX "invoices_issued_idx" ON "invoices" USING btree ("org_id","issued_at","id");--> statement-breakpoint
CREATE INDEX "usage_events_metric_time_idx" ON "usage_events" USING btree ("org_id","metric","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "usage_events_idempotency_key" ON "usage_events" USING btree ("org_id","idempotency_key") WHERE "usage_events"."idempotency_key" is not null;
-- Billing (server/billing/) and usage (server/usage/): ordinary tenant tables. Stripe's events are
-- applied inside the org's own transaction once the org is known; usage is ingested, rolled up and
-- read there. usage_events are appended, never changed: the runtime role may not UPDATE them.
ALTER TABLE "billing_accounts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "billing_accounts" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "billing_accounts"
  USING (org_id = (select current_setting('app.org_id', true))::uuid)
  WITH CHECK (org_id = (select current_setting('app.org_id', true))::uuid);--> statement-breakpoint
ALTER TABLE "billing_alerts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "billing_alerts" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "billing_alerts"
  USING (org_id = (select current_setting('app.org_id', true))::uuid)
  WITH CHECK (org_id = (select current_setting('app.org_id', true))::uuid);--> statement-breakpoint
ALTER TABLE "subscriptions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "subscriptions" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "subscriptions"
  USING (org_id = (select current_setting('app.org_id', true))::uuid)
  WITH CHECK (org_id = (select current_setting('app.org_id', true))::uuid);--> statement-breakpoint
ALTER TABLE "invoices" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "invoices" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "invoices"
  USING (org_id = (select current_setting('app.org_id', true))::uuid)
  WITH CHECK (org_id = (select current_setting('app.org_id', true))::uuid);--> statement-breakpoint
ALTER TABLE "invoice_lines" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "invoice_lines" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "invoice_lines"
  USING (org_id = (select current_setting('app.org_id', true))::uuid)
  WITH CHECK (org_id = (select current_setting('app.org_id', true))::uuid);--> statement-breakpoint
ALTER TABLE "usage_events" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "usage_events" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "usage_events"
  USING (org_id = (select current_setting('app.org_id', true))::uuid)
  WITH CHECK (org_id = (select current_setting('app.org_id', true))::uuid);--> statement-breakpoint
ALTER TABLE "usage_dirty_hours" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "usage_dirty_hours" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "usage_dirty_hours"
  USING (org_id = (select current_setting('app.org_id', true))::uuid)
  WITH CHECK (org_id = (select current_setting('app.org_id', true))::uuid);--> statement-breakpoint
ALTER TABLE "usage_rollups" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "usage_rollups" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "usage_rollups"
  USING (org_id = (select current_setting('app.org_id', true))::uuid)
  WITH CHECK (org_id = (select current_setting('app.org_id', true))::uuid);--> statement-breakpoint
ALTER TABLE "usage_metrics" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "usage_metrics" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "usage_metrics"
  USING (org_id = (select current_setting('app.org_id', true))::uuid)
  WITH CHECK (org_id = (select current_setting('app.org_id', true))::uuid);--> statement-breakpoint
ALTER TABLE "usage_meter_reports" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "usage_meter_reports" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "usage_meter_reports"
  USING (org_id = (select current_setting('app.org_id', true))::uuid)
  WITH CHECK (org_id = (select current_setting('app.org_id', true))::uuid);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON billing_accounts, billing_alerts, subscriptions, invoices, invoice_lines,
  usage_dirty_hours, usage_rollups, usage_metrics, usage_meter_reports TO atrium_app;--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON usage_events TO atrium_app;--> statement-breakpoint

-- stripe_events holds no tenant data and is reached only through app_stripe_event_record.
REVOKE ALL ON stripe_events FROM PUBLIC;--> statement-breakpoint

-- Which org a Stripe event is about, before any tenant is known (POST /webhooks/stripe): the org
-- whose billing account holds the customer; else the org the event's metadata names (a customer
-- made for it, an event replayed before the account row exists), if that org exists; else null
-- (the event is recorded and ignored). Pre-tenant only, like the other lookups.
CREATE FUNCTION app_stripe_event_org(p_customer_id text, p_org_hint uuid)
  RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT coalesce(
           (SELECT b.org_id FROM billing_accounts b WHERE b.stripe_customer_id = p_customer_id),
           (SELECT o.id FROM organizations o WHERE o.id = p_org_hint
               AND NOT EXISTS (SELECT 1 FROM billing_accounts b
                                WHERE b.org_id = o.id AND b.stripe_customer_id IS DISTINCT FROM p_customer_id
                                  AND b.stripe_customer_id IS NOT NULL)))
   WHERE app_is_pre_tenant()
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION app_stripe_event_org(text, uuid) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_stripe_event_org(text, uuid) TO atrium_app;--> statement-breakpoint

-- Records a Stripe event by id; true when it is new. Called in the transaction that applies the
-- event (or records why it is ignored): a duplicate waits for the first delivery's transaction and
-- then answers false, and a rolled-back apply leaves no record, so Stripe's retry is applied.
CREATE FUNCTION app_stripe_event_record(p_id text, p_type text, p_created integer, p_outcome text)
  RETURNS boolean
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  INSERT INTO stripe_events (id, type, stripe_created_at, outcome)
  VALUES (p_id, p_type, p_created, p_outcome)
  ON CONFLICT (id) DO NOTHING
  RETURNING true
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION app_stripe_event_record(text, text, integer, text) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_stripe_event_record(text, text, integer, text) TO atrium_app;

-- usage_rollups' primary key carries `value` (hand-edited above; drizzle cannot express INCLUDE):
-- the usage page's reads — one org's buckets of a few metrics over a range — are index-only scans.
-- Roll-ups of one org are written hour after hour among every other org's, so a heap fetch per row
-- touched ~2,500 scattered pages for a 12-month chart (485 ms cold in bench/usageDashboard.ts; 4 ms
-- index-only).
