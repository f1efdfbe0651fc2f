ALTER TYPE "public"."ticket_event_type" ADD VALUE 'due_soon';--> statement-breakpoint
ALTER TYPE "public"."ticket_event_type" ADD VALUE 'overdue';--> statement-breakpoint
CREATE INDEX "ticket_events_tx_id_idx" ON "ticket_events" USING btree ("tx","id");