CREATE TABLE "analyses" (
	"conversation_id" uuid PRIMARY KEY NOT NULL,
	"version" integer NOT NULL,
	"vote_event_id" bigint NOT NULL,
	"report" jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analysis_jobs" (
	"conversation_id" uuid PRIMARY KEY NOT NULL,
	"due_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conversations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"branch_id" uuid NOT NULL,
	"title" text NOT NULL,
	"question" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone,
	"access" text NOT NULL,
	"moderation" text NOT NULL,
	"link_token" text NOT NULL,
	"next_participant" integer DEFAULT 0 NOT NULL,
	"next_statement" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conversations_link_token_unique" UNIQUE("link_token"),
	CONSTRAINT "conversations_access_check" CHECK ("conversations"."access" in ('branch', 'link')),
	CONSTRAINT "conversations_moderation_check" CHECK ("conversations"."moderation" in ('pre', 'post'))
);
--> statement-breakpoint
CREATE TABLE "moderation_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"conversation_id" uuid NOT NULL,
	"statement_id" uuid NOT NULL,
	"moderator_id" uuid,
	"decision" text NOT NULL,
	"reason" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "participants" (
	"id" uuid PRIMARY KEY NOT NULL,
	"conversation_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"member_id" uuid,
	"visitor_key_hash" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "statements" (
	"id" uuid PRIMARY KEY NOT NULL,
	"conversation_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"text" text NOT NULL,
	"author_id" uuid,
	"status" text NOT NULL,
	"reject_reason" text,
	"flagged" boolean DEFAULT false NOT NULL,
	"seed" boolean DEFAULT false NOT NULL,
	"meta" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"moderated_at" timestamp with time zone,
	CONSTRAINT "statements_status_check" CHECK ("statements"."status" in ('pending', 'accepted', 'rejected')),
	CONSTRAINT "statements_length_check" CHECK (char_length("statements"."text") <= 2000)
);
--> statement-breakpoint
CREATE TABLE "vote_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"conversation_id" uuid NOT NULL,
	"participant_id" uuid NOT NULL,
	"statement_id" uuid NOT NULL,
	"value" smallint,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vote_events_value_check" CHECK ("vote_events"."value" is null or "vote_events"."value" between -1 and 1)
);
--> statement-breakpoint
CREATE TABLE "votes" (
	"participant_id" uuid NOT NULL,
	"statement_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"value" smallint NOT NULL,
	"voted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "votes_participant_id_statement_id_pk" PRIMARY KEY("participant_id","statement_id"),
	CONSTRAINT "votes_value_check" CHECK ("votes"."value" between -1 and 1)
);
--> statement-breakpoint
ALTER TABLE "analyses" ADD CONSTRAINT "analyses_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analysis_jobs" ADD CONSTRAINT "analysis_jobs_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_branch_id_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_created_by_members_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moderation_log" ADD CONSTRAINT "moderation_log_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moderation_log" ADD CONSTRAINT "moderation_log_statement_id_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."statements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moderation_log" ADD CONSTRAINT "moderation_log_moderator_id_members_id_fk" FOREIGN KEY ("moderator_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participants" ADD CONSTRAINT "participants_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participants" ADD CONSTRAINT "participants_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statements" ADD CONSTRAINT "statements_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statements" ADD CONSTRAINT "statements_author_id_participants_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."participants"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_events" ADD CONSTRAINT "vote_events_participant_id_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."participants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_events" ADD CONSTRAINT "vote_events_statement_id_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."statements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "votes" ADD CONSTRAINT "votes_participant_id_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."participants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "votes" ADD CONSTRAINT "votes_statement_id_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."statements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "conversations_branch_idx" ON "conversations" USING btree ("branch_id");--> statement-breakpoint
CREATE INDEX "moderation_log_conversation_idx" ON "moderation_log" USING btree ("conversation_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "participants_number_idx" ON "participants" USING btree ("conversation_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "participants_member_idx" ON "participants" USING btree ("conversation_id","member_id");--> statement-breakpoint
CREATE UNIQUE INDEX "participants_visitor_idx" ON "participants" USING btree ("conversation_id","visitor_key_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "statements_number_idx" ON "statements" USING btree ("conversation_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "statements_text_idx" ON "statements" USING btree ("conversation_id","text");--> statement-breakpoint
CREATE INDEX "statements_status_idx" ON "statements" USING btree ("conversation_id","status");--> statement-breakpoint
CREATE INDEX "vote_events_conversation_idx" ON "vote_events" USING btree ("conversation_id","id");--> statement-breakpoint
CREATE INDEX "votes_conversation_idx" ON "votes" USING btree ("conversation_id");