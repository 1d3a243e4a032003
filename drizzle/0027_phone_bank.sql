ALTER TABLE "canvass_records" ADD COLUMN "phone" text;--> statement-breakpoint
ALTER TABLE "knockup_records" ADD COLUMN "channel" text DEFAULT 'door' NOT NULL;--> statement-breakpoint
ALTER TABLE "knockup_records" ADD CONSTRAINT "knockup_records_channel_check" CHECK ("knockup_records"."channel" in ('door', 'phone'));