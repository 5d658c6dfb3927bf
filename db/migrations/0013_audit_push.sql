CREATE TABLE "audit_push_endpoints" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"url" text NOT NULL,
	"sealed_signing_secret" text NOT NULL,
	"is_enabled" boolean DEFAULT true NOT NULL,
	"disabled_reason" text,
	"cursor_seq" bigint DEFAULT 0 NOT NULL,
	"cursor_event_id" uuid,
	"cursor_occurred_at" timestamp (3) with time zone,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"last_attempt_at" timestamp with time zone,
	"last_success_at" timestamp with time zone,
	"next_attempt_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "audit_push_endpoints_url_length" CHECK (char_length("audit_push_endpoints"."url") <= 2048),
	CONSTRAINT "audit_push_endpoints_error_length" CHECK (char_length("audit_push_endpoints"."last_error") <= 500),
	CONSTRAINT "audit_push_endpoints_failures" CHECK ("audit_push_endpoints"."consecutive_failures" >= 0),
	CONSTRAINT "audit_push_endpoints_sealed" CHECK ("audit_push_endpoints"."sealed_signing_secret" like 'v1.%')
);
--> statement-breakpoint
ALTER TABLE "audit_push_endpoints" ADD CONSTRAINT "audit_push_endpoints_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;