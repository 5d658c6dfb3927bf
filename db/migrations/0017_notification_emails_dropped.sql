ALTER TABLE "notifications" DROP CONSTRAINT "notifications_email_state";--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "email_settled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_email_state" CHECK ("notifications"."email_state" in ('pending', 'queued', 'dropped'));