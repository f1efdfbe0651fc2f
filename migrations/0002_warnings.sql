ALTER TABLE "warnings" ADD COLUMN "resolution_note" text;--> statement-breakpoint
ALTER TABLE "warnings" ADD COLUMN "department_id" integer;--> statement-breakpoint
ALTER TABLE "warnings" ADD COLUMN "escalated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "warnings" ADD COLUMN "push_seq" bigint;--> statement-breakpoint
ALTER TABLE "warnings" ADD COLUMN "history" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
CREATE INDEX "warnings_push_seq_idx" ON "warnings" USING btree ("push_seq");--> statement-breakpoint
CREATE INDEX "warnings_kind_scope_idx" ON "warnings" USING btree ("kind","scope_key","resolved_at");