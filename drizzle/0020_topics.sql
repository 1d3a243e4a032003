CREATE TABLE "statement_topics" (
	"statement_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"topic" integer NOT NULL,
	"rank" smallint NOT NULL,
	CONSTRAINT "statement_topics_statement_id_topic_pk" PRIMARY KEY("statement_id","topic")
);
--> statement-breakpoint
CREATE TABLE "topic_runs" (
	"conversation_id" uuid PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "topics" (
	"conversation_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"label" jsonb NOT NULL,
	"name" text,
	"statements" integer NOT NULL,
	CONSTRAINT "topics_conversation_id_number_pk" PRIMARY KEY("conversation_id","number"),
	CONSTRAINT "topics_name_check" CHECK (char_length("topics"."name") between 1 and 60)
);
--> statement-breakpoint
ALTER TABLE "statement_topics" ADD CONSTRAINT "statement_topics_statement_id_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."statements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_topics" ADD CONSTRAINT "statement_topics_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topic_runs" ADD CONSTRAINT "topic_runs_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topics" ADD CONSTRAINT "topics_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "statement_topics_conversation_idx" ON "statement_topics" USING btree ("conversation_id","topic");