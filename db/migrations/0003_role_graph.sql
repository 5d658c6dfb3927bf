CREATE TABLE "role_effective_permissions" (
	"org_id" uuid NOT NULL,
	"role_id" uuid NOT NULL,
	"permission" text NOT NULL,
	CONSTRAINT "role_effective_permissions_org_id_role_id_permission_pk" PRIMARY KEY("org_id","role_id","permission")
);
--> statement-breakpoint
CREATE TABLE "role_parents" (
	"org_id" uuid NOT NULL,
	"role_id" uuid NOT NULL,
	"parent_role_id" uuid NOT NULL,
	CONSTRAINT "role_parents_org_id_role_id_parent_role_id_pk" PRIMARY KEY("org_id","role_id","parent_role_id")
);
--> statement-breakpoint
ALTER TABLE "roles" DROP CONSTRAINT "roles_org_name_key";--> statement-breakpoint
ALTER TABLE "role_effective_permissions" ADD CONSTRAINT "role_effective_permissions_permission_permissions_key_fk" FOREIGN KEY ("permission") REFERENCES "public"."permissions"("key") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_effective_permissions" ADD CONSTRAINT "role_effective_permissions_org_id_role_id_roles_org_id_id_fk" FOREIGN KEY ("org_id","role_id") REFERENCES "public"."roles"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_parents" ADD CONSTRAINT "role_parents_org_id_role_id_roles_org_id_id_fk" FOREIGN KEY ("org_id","role_id") REFERENCES "public"."roles"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_parents" ADD CONSTRAINT "role_parents_org_id_parent_role_id_roles_org_id_id_fk" FOREIGN KEY ("org_id","parent_role_id") REFERENCES "public"."roles"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "role_parents_parent_idx" ON "role_parents" USING btree ("org_id","parent_role_id");--> statement-breakpoint
CREATE INDEX "member_roles_role_idx" ON "member_roles" USING btree ("org_id","role_id");--> statement-breakpoint
CREATE UNIQUE INDEX "roles_org_lower_name_key" ON "roles" USING btree ("org_id",lower("name"));