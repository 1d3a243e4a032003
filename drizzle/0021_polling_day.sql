CREATE TABLE "absent_voters" (
	"election_id" uuid NOT NULL,
	"elector_id" uuid NOT NULL,
	"kind" text NOT NULL,
	CONSTRAINT "absent_voters_election_id_elector_id_pk" PRIMARY KEY("election_id","elector_id"),
	CONSTRAINT "absent_voters_kind_check" CHECK ("absent_voters"."kind" in ('postal', 'proxy', 'postal_proxy'))
);
--> statement-breakpoint
CREATE TABLE "knockup_records" (
	"id" uuid PRIMARY KEY NOT NULL,
	"election_id" uuid NOT NULL,
	"elector_id" uuid NOT NULL,
	"walk_id" uuid,
	"knocker_id" uuid,
	"result" text NOT NULL,
	"made_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "knockup_records_result_check" CHECK ("knockup_records"."result" in ('promised', 'voted', 'lift', 'not_in'))
);
--> statement-breakpoint
CREATE TABLE "polling_days" (
	"election_id" uuid PRIMARY KEY NOT NULL,
	"branch_id" uuid NOT NULL,
	"opens" text DEFAULT '07:00' NOT NULL,
	"closes" text DEFAULT '22:00' NOT NULL,
	"pledge_codes" text[] DEFAULT '{US}'::text[] NOT NULL,
	"min_strength" integer DEFAULT 2 NOT NULL,
	"target" integer,
	"retention_days" integer DEFAULT 60 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "polling_days_strength_check" CHECK ("polling_days"."min_strength" between 1 and 3),
	CONSTRAINT "polling_days_retention_check" CHECK ("polling_days"."retention_days" between 1 and 365)
);
--> statement-breakpoint
CREATE TABLE "polling_stations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"election_id" uuid NOT NULL,
	"name" text NOT NULL,
	"address" text NOT NULL,
	"districts" text[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "polling_tellers" (
	"station_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"assigned_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "polling_tellers_station_id_member_id_pk" PRIMARY KEY("station_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "telling_entries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"election_id" uuid NOT NULL,
	"station_id" uuid NOT NULL,
	"teller_id" uuid,
	"entered" text NOT NULL,
	"elector_id" uuid,
	"taken_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"undone" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
ALTER TABLE "absent_voters" ADD CONSTRAINT "absent_voters_election_id_polling_days_election_id_fk" FOREIGN KEY ("election_id") REFERENCES "public"."polling_days"("election_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "absent_voters" ADD CONSTRAINT "absent_voters_elector_id_electors_id_fk" FOREIGN KEY ("elector_id") REFERENCES "public"."electors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "knockup_records" ADD CONSTRAINT "knockup_records_election_id_polling_days_election_id_fk" FOREIGN KEY ("election_id") REFERENCES "public"."polling_days"("election_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "knockup_records" ADD CONSTRAINT "knockup_records_elector_id_electors_id_fk" FOREIGN KEY ("elector_id") REFERENCES "public"."electors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "knockup_records" ADD CONSTRAINT "knockup_records_walk_id_walks_id_fk" FOREIGN KEY ("walk_id") REFERENCES "public"."walks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "knockup_records" ADD CONSTRAINT "knockup_records_knocker_id_members_id_fk" FOREIGN KEY ("knocker_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "polling_days" ADD CONSTRAINT "polling_days_election_id_elections_id_fk" FOREIGN KEY ("election_id") REFERENCES "public"."elections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "polling_days" ADD CONSTRAINT "polling_days_branch_id_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "polling_days" ADD CONSTRAINT "polling_days_created_by_members_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "polling_stations" ADD CONSTRAINT "polling_stations_election_id_polling_days_election_id_fk" FOREIGN KEY ("election_id") REFERENCES "public"."polling_days"("election_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "polling_tellers" ADD CONSTRAINT "polling_tellers_station_id_polling_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."polling_stations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "polling_tellers" ADD CONSTRAINT "polling_tellers_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "polling_tellers" ADD CONSTRAINT "polling_tellers_assigned_by_members_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "telling_entries" ADD CONSTRAINT "telling_entries_election_id_polling_days_election_id_fk" FOREIGN KEY ("election_id") REFERENCES "public"."polling_days"("election_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "telling_entries" ADD CONSTRAINT "telling_entries_station_id_polling_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."polling_stations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "telling_entries" ADD CONSTRAINT "telling_entries_teller_id_members_id_fk" FOREIGN KEY ("teller_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "telling_entries" ADD CONSTRAINT "telling_entries_elector_id_electors_id_fk" FOREIGN KEY ("elector_id") REFERENCES "public"."electors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "knockup_records_election_elector_idx" ON "knockup_records" USING btree ("election_id","elector_id","made_at");--> statement-breakpoint
CREATE INDEX "polling_days_branch_idx" ON "polling_days" USING btree ("branch_id");--> statement-breakpoint
CREATE INDEX "polling_stations_election_idx" ON "polling_stations" USING btree ("election_id");--> statement-breakpoint
CREATE INDEX "polling_tellers_member_idx" ON "polling_tellers" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "telling_entries_election_elector_idx" ON "telling_entries" USING btree ("election_id","elector_id");--> statement-breakpoint
CREATE INDEX "telling_entries_station_idx" ON "telling_entries" USING btree ("station_id","received_at");