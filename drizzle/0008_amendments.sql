CREATE TABLE "amendments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"manifesto_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"clause_id" uuid,
	"section_id" uuid,
	"text" text,
	"statement_id" uuid NOT NULL,
	"proposed_by" uuid,
	"status" text DEFAULT 'pending' NOT NULL,
	"reason" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "amendments_decided_check" CHECK ("amendments"."status" = 'pending' or "amendments"."reason" is not null)
);
--> statement-breakpoint
ALTER TABLE "manifestos" ADD COLUMN "amendment_conversation_id" uuid;--> statement-breakpoint
ALTER TABLE "amendments" ADD CONSTRAINT "amendments_manifesto_id_manifestos_id_fk" FOREIGN KEY ("manifesto_id") REFERENCES "public"."manifestos"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "amendments" ADD CONSTRAINT "amendments_clause_id_clauses_id_fk" FOREIGN KEY ("clause_id") REFERENCES "public"."clauses"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "amendments" ADD CONSTRAINT "amendments_section_id_manifesto_sections_id_fk" FOREIGN KEY ("section_id") REFERENCES "public"."manifesto_sections"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "amendments" ADD CONSTRAINT "amendments_statement_id_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."statements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "amendments" ADD CONSTRAINT "amendments_proposed_by_members_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "amendments" ADD CONSTRAINT "amendments_decided_by_members_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "amendments_manifesto_idx" ON "amendments" USING btree ("manifesto_id");--> statement-breakpoint
ALTER TABLE "manifestos" ADD CONSTRAINT "manifestos_amendment_conversation_id_conversations_id_fk" FOREIGN KEY ("amendment_conversation_id") REFERENCES "public"."conversations"("id") ON DELETE no action ON UPDATE no action;