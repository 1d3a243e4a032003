CREATE TABLE "pulse_doorstep_weeks" (
	"branch_id" uuid NOT NULL,
	"week_start" date NOT NULL,
	"ours" integer NOT NULL,
	"others" integer NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pulse_doorstep_weeks_branch_id_week_start_pk" PRIMARY KEY("branch_id","week_start"),
	CONSTRAINT "pulse_doorstep_weeks_monday" CHECK (extract(isodow from "pulse_doorstep_weeks"."week_start") = 1)
);
--> statement-breakpoint
ALTER TABLE "pulse_doorstep_weeks" ADD CONSTRAINT "pulse_doorstep_weeks_branch_id_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branches"("id") ON DELETE cascade ON UPDATE no action;