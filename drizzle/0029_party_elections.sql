CREATE TABLE "election_answers" (
	"election_id" uuid NOT NULL,
	"candidate_id" uuid NOT NULL,
	"statement_id" uuid NOT NULL,
	"answer" text NOT NULL,
	"answered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "election_answers_election_id_candidate_id_statement_id_pk" PRIMARY KEY("election_id","candidate_id","statement_id")
);
--> statement-breakpoint
CREATE TABLE "election_box" (
	"election_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"tag" text NOT NULL,
	"sealed" text NOT NULL,
	CONSTRAINT "election_box_election_id_seq_pk" PRIMARY KEY("election_id","seq")
);
--> statement-breakpoint
CREATE TABLE "election_candidates" (
	"election_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"statement" text NOT NULL,
	"woman" boolean DEFAULT false NOT NULL,
	"standing_since" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "election_candidates_election_id_member_id_pk" PRIMARY KEY("election_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "election_electorate" (
	"election_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	CONSTRAINT "election_electorate_election_id_member_id_pk" PRIMARY KEY("election_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "election_nominations" (
	"election_id" uuid NOT NULL,
	"candidate_id" uuid NOT NULL,
	"nominator_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "election_nominations_election_id_nominator_id_candidate_id_pk" PRIMARY KEY("election_id","nominator_id","candidate_id")
);
--> statement-breakpoint
CREATE TABLE "election_voters" (
	"election_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	CONSTRAINT "election_voters_election_id_member_id_pk" PRIMARY KEY("election_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "party_elections" (
	"id" uuid PRIMARY KEY NOT NULL,
	"branch_id" uuid NOT NULL,
	"post" text NOT NULL,
	"seats" integer NOT NULL,
	"method" text NOT NULL,
	"nominations_close_at" timestamp with time zone NOT NULL,
	"nominating_body" text NOT NULL,
	"nominating_role" text,
	"nomination_percent" integer NOT NULL,
	"freeze_on" date NOT NULL,
	"voting_closes_at" timestamp with time zone NOT NULL,
	"min_women" integer DEFAULT 0 NOT NULL,
	"hustings_id" uuid,
	"paper" jsonb,
	"opened_at" timestamp with time zone,
	"public_key" text,
	"key_holders" integer,
	"key_threshold" integer,
	"box_head" text,
	"box_papers" integer DEFAULT 0 NOT NULL,
	"roll" jsonb,
	"counted_at" timestamp with time zone,
	"outcome" jsonb,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "election_answers" ADD CONSTRAINT "election_answers_election_id_party_elections_id_fk" FOREIGN KEY ("election_id") REFERENCES "public"."party_elections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "election_answers" ADD CONSTRAINT "election_answers_candidate_id_members_id_fk" FOREIGN KEY ("candidate_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "election_answers" ADD CONSTRAINT "election_answers_statement_id_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."statements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "election_box" ADD CONSTRAINT "election_box_election_id_party_elections_id_fk" FOREIGN KEY ("election_id") REFERENCES "public"."party_elections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "election_candidates" ADD CONSTRAINT "election_candidates_election_id_party_elections_id_fk" FOREIGN KEY ("election_id") REFERENCES "public"."party_elections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "election_candidates" ADD CONSTRAINT "election_candidates_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "election_electorate" ADD CONSTRAINT "election_electorate_election_id_party_elections_id_fk" FOREIGN KEY ("election_id") REFERENCES "public"."party_elections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "election_electorate" ADD CONSTRAINT "election_electorate_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "election_nominations" ADD CONSTRAINT "election_nominations_election_id_party_elections_id_fk" FOREIGN KEY ("election_id") REFERENCES "public"."party_elections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "election_nominations" ADD CONSTRAINT "election_nominations_candidate_id_members_id_fk" FOREIGN KEY ("candidate_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "election_nominations" ADD CONSTRAINT "election_nominations_nominator_id_members_id_fk" FOREIGN KEY ("nominator_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "election_voters" ADD CONSTRAINT "election_voters_election_id_party_elections_id_fk" FOREIGN KEY ("election_id") REFERENCES "public"."party_elections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "election_voters" ADD CONSTRAINT "election_voters_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_elections" ADD CONSTRAINT "party_elections_branch_id_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_elections" ADD CONSTRAINT "party_elections_hustings_id_conversations_id_fk" FOREIGN KEY ("hustings_id") REFERENCES "public"."conversations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_elections" ADD CONSTRAINT "party_elections_created_by_members_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "election_box_tag_idx" ON "election_box" USING btree ("election_id","tag");