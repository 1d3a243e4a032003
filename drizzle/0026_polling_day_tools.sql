CREATE TABLE "lift_requests" (
	"election_id" uuid NOT NULL,
	"elector_id" uuid NOT NULL,
	"requested_by" uuid,
	"requested_at" timestamp with time zone NOT NULL,
	"wanted_at" text,
	"driver_id" uuid,
	"taken_at" timestamp with time zone,
	"done_at" timestamp with time zone,
	CONSTRAINT "lift_requests_election_id_elector_id_pk" PRIMARY KEY("election_id","elector_id"),
	CONSTRAINT "lift_requests_wanted_check" CHECK ("lift_requests"."wanted_at" is null or "lift_requests"."wanted_at" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$')
);
--> statement-breakpoint
CREATE TABLE "polling_drivers" (
	"election_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"assigned_by" uuid,
	CONSTRAINT "polling_drivers_election_id_member_id_pk" PRIMARY KEY("election_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "station_turnout" (
	"id" uuid PRIMARY KEY NOT NULL,
	"station_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"voted" integer NOT NULL,
	"entered_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "station_turnout_voted_check" CHECK ("station_turnout"."voted" between 0 and 1000000)
);
--> statement-breakpoint
ALTER TABLE "telling_entries" ADD COLUMN "source" text DEFAULT 'phone' NOT NULL;--> statement-breakpoint
ALTER TABLE "lift_requests" ADD CONSTRAINT "lift_requests_election_id_polling_days_election_id_fk" FOREIGN KEY ("election_id") REFERENCES "public"."polling_days"("election_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lift_requests" ADD CONSTRAINT "lift_requests_elector_id_electors_id_fk" FOREIGN KEY ("elector_id") REFERENCES "public"."electors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lift_requests" ADD CONSTRAINT "lift_requests_requested_by_members_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lift_requests" ADD CONSTRAINT "lift_requests_driver_id_members_id_fk" FOREIGN KEY ("driver_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "polling_drivers" ADD CONSTRAINT "polling_drivers_election_id_polling_days_election_id_fk" FOREIGN KEY ("election_id") REFERENCES "public"."polling_days"("election_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "polling_drivers" ADD CONSTRAINT "polling_drivers_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "polling_drivers" ADD CONSTRAINT "polling_drivers_assigned_by_members_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "station_turnout" ADD CONSTRAINT "station_turnout_station_id_polling_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."polling_stations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "station_turnout" ADD CONSTRAINT "station_turnout_entered_by_members_id_fk" FOREIGN KEY ("entered_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "polling_drivers_member_idx" ON "polling_drivers" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "station_turnout_station_idx" ON "station_turnout" USING btree ("station_id","at");--> statement-breakpoint
ALTER TABLE "telling_entries" ADD CONSTRAINT "telling_entries_source_check" CHECK ("telling_entries"."source" in ('phone', 'slip'));