CREATE TABLE "election_receipts" (
	"election_id" uuid NOT NULL,
	"tag" text NOT NULL,
	CONSTRAINT "election_receipts_election_id_tag_pk" PRIMARY KEY("election_id","tag")
);
--> statement-breakpoint
ALTER TABLE "election_receipts" ADD CONSTRAINT "election_receipts_election_id_party_elections_id_fk" FOREIGN KEY ("election_id") REFERENCES "public"."party_elections"("id") ON DELETE cascade ON UPDATE no action;