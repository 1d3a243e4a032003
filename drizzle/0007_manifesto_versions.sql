CREATE TABLE "manifesto_versions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"manifesto_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"content" jsonb NOT NULL,
	"published_by" uuid,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "manifesto_versions" ADD CONSTRAINT "manifesto_versions_manifesto_id_manifestos_id_fk" FOREIGN KEY ("manifesto_id") REFERENCES "public"."manifestos"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "manifesto_versions" ADD CONSTRAINT "manifesto_versions_published_by_members_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "manifesto_versions_number_idx" ON "manifesto_versions" USING btree ("manifesto_id","number");