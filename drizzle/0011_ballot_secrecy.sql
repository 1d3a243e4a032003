CREATE TABLE "ballot_box" (
	"id" uuid PRIMARY KEY NOT NULL,
	"ballot_id" uuid NOT NULL,
	"tag" text NOT NULL,
	"sealed" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ballot_electorate" (
	"ballot_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	CONSTRAINT "ballot_electorate_ballot_id_member_id_pk" PRIMARY KEY("ballot_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "ballot_receipts" (
	"ballot_id" uuid NOT NULL,
	"receipt_hash" text NOT NULL,
	CONSTRAINT "ballot_receipts_ballot_id_receipt_hash_pk" PRIMARY KEY("ballot_id","receipt_hash")
);
--> statement-breakpoint
DROP INDEX "ballot_papers_receipt_idx";--> statement-breakpoint
ALTER TABLE "ballots" ADD COLUMN "counted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "ballots" ADD COLUMN "sealing_key" text;--> statement-breakpoint
ALTER TABLE "ballot_box" ADD CONSTRAINT "ballot_box_ballot_id_ballots_id_fk" FOREIGN KEY ("ballot_id") REFERENCES "public"."ballots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ballot_electorate" ADD CONSTRAINT "ballot_electorate_ballot_id_ballots_id_fk" FOREIGN KEY ("ballot_id") REFERENCES "public"."ballots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ballot_electorate" ADD CONSTRAINT "ballot_electorate_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ballot_receipts" ADD CONSTRAINT "ballot_receipts_ballot_id_ballots_id_fk" FOREIGN KEY ("ballot_id") REFERENCES "public"."ballots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ballot_box_tag_idx" ON "ballot_box" USING btree ("ballot_id","tag");--> statement-breakpoint
CREATE INDEX "ballot_papers_ballot_idx" ON "ballot_papers" USING btree ("ballot_id");--> statement-breakpoint
-- Ballots from before this migration: their receipts move to ballot_receipts, closed ones count as counted,
-- and open ones get the electorate their eligibility rule gives now (their papers were written unsealed).
INSERT INTO "ballot_receipts" ("ballot_id", "receipt_hash") SELECT "ballot_id", "receipt_hash" FROM "ballot_papers";--> statement-breakpoint
UPDATE "ballots" SET "counted_at" = coalesce("closed_at", "closes_at") WHERE "closed_at" IS NOT NULL OR "closes_at" <= now();--> statement-breakpoint
INSERT INTO "ballot_electorate" ("ballot_id", "member_id")
  SELECT b."id", m."id" FROM "ballots" b
  JOIN "manifestos" d ON d."id" = b."manifesto_id"
  JOIN "branches" br ON br."id" = d."branch_id"
  JOIN "branches" w ON w."path" LIKE br."path" || '%'
  JOIN "members" m ON m."home_ward_id" = w."id"
  WHERE b."counted_at" IS NULL AND m."joined_on" <= b."cutoff" AND m."status" = 'active';--> statement-breakpoint
ALTER TABLE "ballot_papers" DROP COLUMN "receipt_hash";