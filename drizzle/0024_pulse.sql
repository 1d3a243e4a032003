CREATE TABLE "pulse_constituency_results" (
	"constituency" text NOT NULL,
	"party" text NOT NULL,
	"votes" integer NOT NULL,
	CONSTRAINT "pulse_constituency_results_constituency_party_pk" PRIMARY KEY("constituency","party"),
	CONSTRAINT "pulse_constituency_results_votes_check" CHECK ("pulse_constituency_results"."votes" >= 0)
);
--> statement-breakpoint
CREATE TABLE "pulse_elections" (
	"held_on" date PRIMARY KEY NOT NULL,
	"shares" jsonb NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pulse_polls" (
	"id" uuid PRIMARY KEY NOT NULL,
	"pollster" text NOT NULL,
	"fieldwork_start" date NOT NULL,
	"fieldwork_end" date NOT NULL,
	"sample_size" double precision NOT NULL,
	"shares" jsonb NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pulse_polls_dates_check" CHECK ("pulse_polls"."fieldwork_end" >= "pulse_polls"."fieldwork_start"),
	CONSTRAINT "pulse_polls_sample_check" CHECK ("pulse_polls"."sample_size" >= 1)
);
--> statement-breakpoint
CREATE TABLE "pulse_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"party" text NOT NULL,
	"drift" boolean DEFAULT false NOT NULL,
	"breaks" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pulse_settings_one_row" CHECK ("pulse_settings"."id" = 1)
);
