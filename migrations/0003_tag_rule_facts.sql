CREATE TABLE "knowledge_answers" (
	"id" serial PRIMARY KEY NOT NULL,
	"matter_key" text NOT NULL,
	"question" text NOT NULL,
	"answer" text NOT NULL,
	"basis" text DEFAULT '' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "knowledge_answers_matter_key_unique" UNIQUE("matter_key")
);
--> statement-breakpoint
CREATE INDEX "tickets_phone_received_idx" ON "tickets" USING btree ("citizen_phone","received_at") WHERE "tickets"."citizen_phone" is not null;--> statement-breakpoint
CREATE INDEX "tickets_address_received_idx" ON "tickets" USING btree ("address","received_at") WHERE "tickets"."address" is not null;