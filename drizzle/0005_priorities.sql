CREATE TABLE "priority_comparisons" (
	"id" uuid PRIMARY KEY NOT NULL,
	"manifesto_id" uuid NOT NULL,
	"member_id" uuid,
	"winner_id" uuid NOT NULL,
	"loser_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "priority_comparisons_distinct" CHECK ("priority_comparisons"."winner_id" <> "priority_comparisons"."loser_id")
);
--> statement-breakpoint
ALTER TABLE "priority_comparisons" ADD CONSTRAINT "priority_comparisons_manifesto_id_manifestos_id_fk" FOREIGN KEY ("manifesto_id") REFERENCES "public"."manifestos"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "priority_comparisons" ADD CONSTRAINT "priority_comparisons_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "priority_comparisons" ADD CONSTRAINT "priority_comparisons_winner_id_clauses_id_fk" FOREIGN KEY ("winner_id") REFERENCES "public"."clauses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "priority_comparisons" ADD CONSTRAINT "priority_comparisons_loser_id_clauses_id_fk" FOREIGN KEY ("loser_id") REFERENCES "public"."clauses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "priority_comparisons_manifesto_idx" ON "priority_comparisons" USING btree ("manifesto_id");--> statement-breakpoint
CREATE INDEX "priority_comparisons_member_idx" ON "priority_comparisons" USING btree ("member_id","manifesto_id");