ALTER TABLE "session_signups" ADD COLUMN "language" text;--> statement-breakpoint
ALTER TABLE "mail_queue" ADD COLUMN "language" text;--> statement-breakpoint
ALTER TABLE "session_signups" ADD CONSTRAINT "session_signups_language_check" CHECK ("session_signups"."language" in ('en', 'cy'));--> statement-breakpoint
ALTER TABLE "mail_queue" ADD CONSTRAINT "mail_queue_language_check" CHECK ("mail_queue"."language" in ('en', 'cy'));