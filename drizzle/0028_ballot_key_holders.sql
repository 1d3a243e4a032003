ALTER TABLE "ballot_box" ADD COLUMN "seq" integer;--> statement-breakpoint
ALTER TABLE "ballot_box" ADD COLUMN "head" text;--> statement-breakpoint
ALTER TABLE "ballots" ADD COLUMN "public_key" text;--> statement-breakpoint
ALTER TABLE "ballots" ADD COLUMN "key_holders" integer;--> statement-breakpoint
ALTER TABLE "ballots" ADD COLUMN "key_threshold" integer;--> statement-breakpoint
ALTER TABLE "ballots" ADD COLUMN "box_head" text;--> statement-breakpoint
ALTER TABLE "ballots" ADD COLUMN "box_papers" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "ballots" ADD COLUMN "counted_head" text;