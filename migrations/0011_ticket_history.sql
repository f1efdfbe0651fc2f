ALTER TYPE "public"."ticket_event_type" ADD VALUE 'imported';--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "timeline" jsonb;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "imported_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "tickets_imported_dispatched_idx" ON "tickets" USING btree ("dispatched_at") WHERE "tickets"."imported_at" is not null;