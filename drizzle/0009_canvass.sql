CREATE TABLE "canvass_records" (
	"id" uuid PRIMARY KEY NOT NULL,
	"seq" bigserial NOT NULL,
	"elector_id" uuid NOT NULL,
	"walk_id" uuid,
	"branch_id" uuid NOT NULL,
	"canvasser_id" uuid,
	"made_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"outcome" text NOT NULL,
	"intention" text,
	"strength" integer,
	"flags" text[] DEFAULT '{}'::text[] NOT NULL,
	"issues" text[] DEFAULT '{}'::text[] NOT NULL,
	"note" text,
	CONSTRAINT "canvass_records_seq_unique" UNIQUE("seq"),
	CONSTRAINT "canvass_records_outcome_check" CHECK ("canvass_records"."outcome" in ('not_in', 'spoke', 'refused', 'moved', 'deceased', 'inaccessible', 'do_not_knock')),
	CONSTRAINT "canvass_records_strength_check" CHECK ("canvass_records"."strength" is null or "canvass_records"."strength" between 1 and 3)
);
--> statement-breakpoint
CREATE TABLE "canvass_sessions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"branch_id" uuid NOT NULL,
	"title" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"meeting_point" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "elections" (
	"id" uuid PRIMARY KEY NOT NULL,
	"branch_id" uuid NOT NULL,
	"name" text NOT NULL,
	"held_on" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "elector_suppressions" (
	"branch_id" uuid NOT NULL,
	"key_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "elector_suppressions_branch_id_key_hash_pk" PRIMARY KEY("branch_id","key_hash")
);
--> statement-breakpoint
CREATE TABLE "elector_turnout" (
	"elector_id" uuid NOT NULL,
	"election_id" uuid NOT NULL,
	"postal" boolean DEFAULT false NOT NULL,
	CONSTRAINT "elector_turnout_elector_id_election_id_pk" PRIMARY KEY("elector_id","election_id")
);
--> statement-breakpoint
CREATE TABLE "electors" (
	"id" uuid PRIMARY KEY NOT NULL,
	"branch_id" uuid NOT NULL,
	"district" text NOT NULL,
	"number" integer NOT NULL,
	"suffix" integer DEFAULT 0 NOT NULL,
	"markers" text DEFAULT '' NOT NULL,
	"dob" date,
	"surname" text NOT NULL,
	"forename" text NOT NULL,
	"postcode" text NOT NULL,
	"address" text[] NOT NULL,
	"uprn" text,
	"match_key" text NOT NULL,
	"street" text NOT NULL,
	"house_number" integer,
	"door" text NOT NULL,
	"building" text NOT NULL,
	"flat" text DEFAULT '' NOT NULL,
	"postal" boolean DEFAULT false NOT NULL,
	"removed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "intention_codes" (
	"branch_id" uuid NOT NULL,
	"code" text NOT NULL,
	"label" text NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "intention_codes_branch_id_code_pk" PRIMARY KEY("branch_id","code")
);
--> statement-breakpoint
CREATE TABLE "register_imports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"branch_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"rows" integer NOT NULL,
	"added" integer NOT NULL,
	"matched" integer NOT NULL,
	"removed" integer NOT NULL,
	"imported_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "retention_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"ran_at" timestamp with time zone DEFAULT now() NOT NULL,
	"cutoff" timestamp with time zone NOT NULL,
	"canvass_records" integer NOT NULL,
	"signups" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "segments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"branch_id" uuid NOT NULL,
	"name" text NOT NULL,
	"filter" jsonb NOT NULL,
	"electors" integer NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "session_signups" (
	"id" uuid PRIMARY KEY NOT NULL,
	"session_id" uuid NOT NULL,
	"member_id" uuid,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"reminded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "session_walks" (
	"session_id" uuid NOT NULL,
	"walk_id" uuid NOT NULL,
	CONSTRAINT "session_walks_session_id_walk_id_pk" PRIMARY KEY("session_id","walk_id")
);
--> statement-breakpoint
CREATE TABLE "walk_assignments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"walk_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"assigned_by" uuid,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "walk_electors" (
	"walk_id" uuid NOT NULL,
	"elector_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"door" integer NOT NULL,
	CONSTRAINT "walk_electors_walk_id_elector_id_pk" PRIMARY KEY("walk_id","elector_id")
);
--> statement-breakpoint
CREATE TABLE "walks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"branch_id" uuid NOT NULL,
	"segment_id" uuid,
	"name" text NOT NULL,
	"doors" integer NOT NULL,
	"electors" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "canvass_records" ADD CONSTRAINT "canvass_records_elector_id_electors_id_fk" FOREIGN KEY ("elector_id") REFERENCES "public"."electors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canvass_records" ADD CONSTRAINT "canvass_records_walk_id_walks_id_fk" FOREIGN KEY ("walk_id") REFERENCES "public"."walks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canvass_records" ADD CONSTRAINT "canvass_records_branch_id_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canvass_records" ADD CONSTRAINT "canvass_records_canvasser_id_members_id_fk" FOREIGN KEY ("canvasser_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canvass_sessions" ADD CONSTRAINT "canvass_sessions_branch_id_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canvass_sessions" ADD CONSTRAINT "canvass_sessions_created_by_members_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "elections" ADD CONSTRAINT "elections_branch_id_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "elector_suppressions" ADD CONSTRAINT "elector_suppressions_branch_id_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "elector_turnout" ADD CONSTRAINT "elector_turnout_elector_id_electors_id_fk" FOREIGN KEY ("elector_id") REFERENCES "public"."electors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "elector_turnout" ADD CONSTRAINT "elector_turnout_election_id_elections_id_fk" FOREIGN KEY ("election_id") REFERENCES "public"."elections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "electors" ADD CONSTRAINT "electors_branch_id_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intention_codes" ADD CONSTRAINT "intention_codes_branch_id_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "register_imports" ADD CONSTRAINT "register_imports_branch_id_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "register_imports" ADD CONSTRAINT "register_imports_imported_by_members_id_fk" FOREIGN KEY ("imported_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segments" ADD CONSTRAINT "segments_branch_id_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segments" ADD CONSTRAINT "segments_created_by_members_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_signups" ADD CONSTRAINT "session_signups_session_id_canvass_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."canvass_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_signups" ADD CONSTRAINT "session_signups_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_walks" ADD CONSTRAINT "session_walks_session_id_canvass_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."canvass_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_walks" ADD CONSTRAINT "session_walks_walk_id_walks_id_fk" FOREIGN KEY ("walk_id") REFERENCES "public"."walks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "walk_assignments" ADD CONSTRAINT "walk_assignments_walk_id_walks_id_fk" FOREIGN KEY ("walk_id") REFERENCES "public"."walks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "walk_assignments" ADD CONSTRAINT "walk_assignments_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "walk_assignments" ADD CONSTRAINT "walk_assignments_assigned_by_members_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "walk_electors" ADD CONSTRAINT "walk_electors_walk_id_walks_id_fk" FOREIGN KEY ("walk_id") REFERENCES "public"."walks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "walk_electors" ADD CONSTRAINT "walk_electors_elector_id_electors_id_fk" FOREIGN KEY ("elector_id") REFERENCES "public"."electors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "walks" ADD CONSTRAINT "walks_branch_id_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "walks" ADD CONSTRAINT "walks_segment_id_segments_id_fk" FOREIGN KEY ("segment_id") REFERENCES "public"."segments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "canvass_records_elector_idx" ON "canvass_records" USING btree ("elector_id","made_at");--> statement-breakpoint
CREATE INDEX "canvass_records_walk_idx" ON "canvass_records" USING btree ("walk_id");--> statement-breakpoint
CREATE INDEX "canvass_records_branch_idx" ON "canvass_records" USING btree ("branch_id","made_at");--> statement-breakpoint
CREATE INDEX "canvass_records_canvasser_idx" ON "canvass_records" USING btree ("canvasser_id","made_at");--> statement-breakpoint
CREATE INDEX "canvass_sessions_branch_idx" ON "canvass_sessions" USING btree ("branch_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "elections_branch_name_idx" ON "elections" USING btree ("branch_id","name");--> statement-breakpoint
CREATE INDEX "elector_turnout_election_idx" ON "elector_turnout" USING btree ("election_id");--> statement-breakpoint
CREATE INDEX "electors_branch_number_idx" ON "electors" USING btree ("branch_id","district","number","suffix");--> statement-breakpoint
CREATE INDEX "electors_branch_match_idx" ON "electors" USING btree ("branch_id","match_key");--> statement-breakpoint
CREATE INDEX "electors_branch_uprn_idx" ON "electors" USING btree ("branch_id","uprn");--> statement-breakpoint
CREATE INDEX "segments_branch_idx" ON "segments" USING btree ("branch_id");--> statement-breakpoint
CREATE UNIQUE INDEX "session_signups_email_idx" ON "session_signups" USING btree ("session_id","email");--> statement-breakpoint
CREATE INDEX "walk_assignments_member_idx" ON "walk_assignments" USING btree ("member_id","expires_at");--> statement-breakpoint
CREATE INDEX "walk_assignments_walk_idx" ON "walk_assignments" USING btree ("walk_id");--> statement-breakpoint
CREATE INDEX "walk_electors_elector_idx" ON "walk_electors" USING btree ("elector_id");--> statement-breakpoint
CREATE INDEX "walks_branch_idx" ON "walks" USING btree ("branch_id");--> statement-breakpoint
CREATE INDEX "walks_segment_idx" ON "walks" USING btree ("segment_id");