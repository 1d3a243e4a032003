CREATE TABLE "register_staging" (
	"import_id" uuid NOT NULL,
	"line" integer NOT NULL,
	"number_key" text NOT NULL,
	"row" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "register_staging_import_id_line_pk" PRIMARY KEY("import_id","line")
);
--> statement-breakpoint
CREATE INDEX "register_staging_key_idx" ON "register_staging" USING btree ("import_id","number_key");