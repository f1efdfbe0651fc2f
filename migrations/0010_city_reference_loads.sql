CREATE TABLE "reference_loads" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"file_name" text NOT NULL,
	"sha256" text NOT NULL,
	"loaded_by" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"summary" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "knowledge_answers" ALTER COLUMN "matter_key" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "departments" ADD COLUMN "parent_id" integer;--> statement-breakpoint
ALTER TABLE "departments" ADD COLUMN "contact" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "knowledge_answers" ADD COLUMN "valid_from" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "knowledge_answers" ADD COLUMN "valid_to" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "reference_loads_kind_idx" ON "reference_loads" USING btree ("kind","loaded_at");--> statement-breakpoint
CREATE INDEX "knowledge_answers_question_idx" ON "knowledge_answers" USING btree ("question");