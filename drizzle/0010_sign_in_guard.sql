CREATE TABLE "sign_in_guard" (
	"key" text PRIMARY KEY NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"used" integer NOT NULL,
	"locked_until" timestamp with time zone,
	"strikes" integer DEFAULT 0 NOT NULL
);
