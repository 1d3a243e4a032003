CREATE TABLE "clauses" (
	"id" uuid PRIMARY KEY NOT NULL,
	"section_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"text" text NOT NULL,
	"source" text NOT NULL,
	"conversation_id" uuid,
	"statement_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "clauses_source_check" CHECK (("clauses"."source" = 'statement' and "clauses"."statement_id" is not null and "clauses"."conversation_id" is not null)
          or ("clauses"."source" = 'written' and "clauses"."statement_id" is null))
);
--> statement-breakpoint
CREATE TABLE "manifesto_sections" (
	"id" uuid PRIMARY KEY NOT NULL,
	"manifesto_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "manifestos" (
	"id" uuid PRIMARY KEY NOT NULL,
	"branch_id" uuid NOT NULL,
	"title" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "clauses" ADD CONSTRAINT "clauses_section_id_manifesto_sections_id_fk" FOREIGN KEY ("section_id") REFERENCES "public"."manifesto_sections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clauses" ADD CONSTRAINT "clauses_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clauses" ADD CONSTRAINT "clauses_statement_id_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."statements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clauses" ADD CONSTRAINT "clauses_created_by_members_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "manifesto_sections" ADD CONSTRAINT "manifesto_sections_manifesto_id_manifestos_id_fk" FOREIGN KEY ("manifesto_id") REFERENCES "public"."manifestos"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "manifestos" ADD CONSTRAINT "manifestos_branch_id_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "manifestos" ADD CONSTRAINT "manifestos_created_by_members_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "clauses_section_idx" ON "clauses" USING btree ("section_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "clauses_statement_idx" ON "clauses" USING btree ("section_id","statement_id");--> statement-breakpoint
CREATE UNIQUE INDEX "manifesto_sections_title_idx" ON "manifesto_sections" USING btree ("manifesto_id","title");--> statement-breakpoint
CREATE INDEX "manifestos_branch_idx" ON "manifestos" USING btree ("branch_id");