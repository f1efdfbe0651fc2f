CREATE TYPE "public"."appeal_type" AS ENUM('consult', 'help', 'complaint', 'report', 'suggestion', 'praise');--> statement-breakpoint
CREATE TYPE "public"."ticket_channel" AS ENUM('phone', 'web', 'wechat', 'app', 'enterprise_line', 'grid_report', 'department_push', 'sensor');--> statement-breakpoint
CREATE TYPE "public"."consultation_status" AS ENUM('open', 'concluded');--> statement-breakpoint
CREATE TYPE "public"."department_kind" AS ENUM('bureau', 'street_office', 'utility', 'other');--> statement-breakpoint
CREATE TYPE "public"."domain" AS ENUM('URBAN_RURAL_CONSTRUCTION', 'CITY_MANAGEMENT', 'ECOLOGY_ENVIRONMENT', 'MARKET_REGULATION', 'TRANSPORT', 'SOCIAL_SERVICES', 'LABOR_SOCIAL_SECURITY', 'PUBLIC_SAFETY', 'AGRICULTURE_RURAL', 'CIVIL_AFFAIRS_COMMUNITY');--> statement-breakpoint
CREATE TYPE "public"."loop_level" AS ENUM('small', 'middle', 'big');--> statement-breakpoint
CREATE TYPE "public"."region_level" AS ENUM('street', 'community', 'grid_cell');--> statement-breakpoint
CREATE TYPE "public"."report_kind" AS ENUM('warning_bulletin', 'leadership_brief', 'information_digest');--> statement-breakpoint
CREATE TYPE "public"."role" AS ENUM('operator', 'supervisor', 'department', 'leader', 'staffing_office', 'admin', 'wall');--> statement-breakpoint
CREATE TYPE "public"."satisfaction" AS ENUM('satisfied', 'basically_satisfied', 'dissatisfied');--> statement-breakpoint
CREATE TYPE "public"."ticket_source" AS ENUM('hotline', 'grid', 'department');--> statement-breakpoint
CREATE TYPE "public"."supervision_method" AS ENUM('phone', 'written_notice', 'on_site', 'joint', 'media', 'elevated', 'discipline_linkage', 'leader_instruction');--> statement-breakpoint
CREATE TYPE "public"."tag_origin" AS ENUM('rule', 'manual');--> statement-breakpoint
CREATE TYPE "public"."tag_setter" AS ENUM('rule', 'manual', 'both');--> statement-breakpoint
CREATE TYPE "public"."ticket_event_type" AS ENUM('created', 'answered_immediately', 'dispatched', 'accepted', 'returned', 'handling_started', 'replied', 'callback_recorded', 'closed', 'reopened', 'supervised', 'escalated', 'tagged', 'untagged', 'consultation_opened', 'consultation_concluded', 'responsibility_determined');--> statement-breakpoint
CREATE TYPE "public"."ticket_status" AS ENUM('received', 'dispatched', 'accepted', 'returned', 'in_progress', 'replied', 'called_back', 'closed', 'reopened');--> statement-breakpoint
CREATE TYPE "public"."warning_kind" AS ENUM('surge', 'repeat', 'collective', 'overdue', 'due_soon', 'department_quality', 'proactive');--> statement-breakpoint
CREATE TYPE "public"."warning_severity" AS ENUM('info', 'low', 'medium', 'high', 'critical');--> statement-breakpoint
CREATE TYPE "public"."warning_status" AS ENUM('raised', 'acknowledged', 'resolved');--> statement-breakpoint
CREATE TABLE "departments" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"kind" "department_kind" NOT NULL,
	"domains" "domain"[] DEFAULT '{}' NOT NULL,
	"region_id" integer,
	CONSTRAINT "departments_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "regions" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"level" "region_level" NOT NULL,
	"parent_id" integer,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"geometry" jsonb NOT NULL,
	"center_lat" double precision NOT NULL,
	"center_lng" double precision NOT NULL,
	"min_lat" double precision NOT NULL,
	"min_lng" double precision NOT NULL,
	"max_lat" double precision NOT NULL,
	"max_lng" double precision NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	CONSTRAINT "regions_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "matters" (
	"id" serial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"name" text NOT NULL,
	"domain" "domain" NOT NULL,
	"lead_department_id" integer NOT NULL,
	"co_department_ids" integer[] DEFAULT '{}' NOT NULL,
	"legal_basis" text NOT NULL,
	"keywords" text[] DEFAULT '{}' NOT NULL,
	"time_limit_days" integer NOT NULL,
	"valid_from" timestamp with time zone DEFAULT now() NOT NULL,
	"valid_to" timestamp with time zone,
	"change_note" text,
	"changed_by" text
);
--> statement-breakpoint
CREATE TABLE "consultations" (
	"id" serial PRIMARY KEY NOT NULL,
	"status" "consultation_status" DEFAULT 'open' NOT NULL,
	"topic" text NOT NULL,
	"ticket_ids" bigint[] NOT NULL,
	"department_ids" integer[] NOT NULL,
	"opened_by" text NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"concluded_at" timestamp with time zone,
	"conclusion" text,
	"lead_department_id" integer
);
--> statement-breakpoint
CREATE TABLE "determinations" (
	"id" serial PRIMARY KEY NOT NULL,
	"consultation_id" integer,
	"ticket_ids" bigint[] DEFAULT '{}' NOT NULL,
	"lead_department_id" integer NOT NULL,
	"co_department_ids" integer[] DEFAULT '{}' NOT NULL,
	"matter_id" integer,
	"reasoning" text NOT NULL,
	"decided_by" text NOT NULL,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "precedents" (
	"id" serial PRIMARY KEY NOT NULL,
	"determination_id" integer,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"keywords" text[] DEFAULT '{}' NOT NULL,
	"domain" "domain",
	"department_id" integer NOT NULL,
	"matter_id" integer,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_rollup_hourly" (
	"hour" timestamp with time zone NOT NULL,
	"grid_cell_id" integer NOT NULL,
	"community_id" integer NOT NULL,
	"street_id" integer NOT NULL,
	"domain" text NOT NULL,
	"source" "ticket_source" NOT NULL,
	"received" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "ticket_rollup_hourly_hour_grid_cell_id_domain_source_pk" PRIMARY KEY("hour","grid_cell_id","domain","source")
);
--> statement-breakpoint
CREATE TABLE "supervisions" (
	"id" serial PRIMARY KEY NOT NULL,
	"ticket_id" bigint NOT NULL,
	"method" "supervision_method" NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"department_id" integer,
	"actor" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tag_categories" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"set_by" "tag_setter" NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "tag_categories_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "tags" (
	"id" serial PRIMARY KEY NOT NULL,
	"category_id" integer NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	CONSTRAINT "tags_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "ticket_tags" (
	"ticket_id" bigint NOT NULL,
	"tag_id" integer NOT NULL,
	"origin" "tag_origin" NOT NULL,
	"confidence" real DEFAULT 1 NOT NULL,
	"rule_id" text,
	"actor" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ticket_tags_ticket_id_tag_id_pk" PRIMARY KEY("ticket_id","tag_id")
);
--> statement-breakpoint
CREATE TABLE "ticket_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ticket_id" bigint NOT NULL,
	"type" "ticket_event_type" NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"actor_role" "role",
	"department_id" integer,
	"from_status" "ticket_status",
	"to_status" "ticket_status",
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"tx" bigint DEFAULT (pg_current_xact_id()::text)::bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tickets" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source" "ticket_source" NOT NULL,
	"external_id" text NOT NULL,
	"channel" "ticket_channel" NOT NULL,
	"appeal_type" "appeal_type" NOT NULL,
	"title" text,
	"content" text NOT NULL,
	"address" text,
	"lat" double precision,
	"lng" double precision,
	"grid_cell_id" integer,
	"community_id" integer,
	"street_id" integer,
	"citizen_name" text,
	"citizen_phone" text,
	"status" "ticket_status" DEFAULT 'received' NOT NULL,
	"domain" "domain",
	"matter_id" integer,
	"department_id" integer,
	"co_department_ids" integer[] DEFAULT '{}' NOT NULL,
	"loop" "loop_level" DEFAULT 'small' NOT NULL,
	"suggested_department_id" integer,
	"suggested_matter_id" integer,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"dispatched_at" timestamp with time zone,
	"due_at" timestamp with time zone,
	"accepted_at" timestamp with time zone,
	"replied_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"reply" text,
	"satisfaction" "satisfaction",
	"reopen_count" integer DEFAULT 0 NOT NULL,
	"return_count" integer DEFAULT 0 NOT NULL,
	"supervision_count" integer DEFAULT 0 NOT NULL,
	"raw" jsonb,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" "report_kind" NOT NULL,
	"title" text NOT NULL,
	"period_from" timestamp with time zone NOT NULL,
	"period_to" timestamp with time zone NOT NULL,
	"body" text NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "warnings" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" "warning_kind" NOT NULL,
	"severity" "warning_severity" NOT NULL,
	"status" "warning_status" DEFAULT 'raised' NOT NULL,
	"scope_key" text NOT NULL,
	"scope" jsonb NOT NULL,
	"title" text NOT NULL,
	"detail" text DEFAULT '' NOT NULL,
	"evidence_ticket_ids" bigint[] DEFAULT '{}' NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	"raised_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"acknowledged_by" text,
	"acknowledged_at" timestamp with time zone,
	"resolved_by" text,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "matters" ADD CONSTRAINT "matters_lead_department_id_departments_id_fk" FOREIGN KEY ("lead_department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervisions" ADD CONSTRAINT "supervisions_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tags" ADD CONSTRAINT "tags_category_id_tag_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."tag_categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_tags" ADD CONSTRAINT "ticket_tags_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_tags" ADD CONSTRAINT "ticket_tags_tag_id_tags_id_fk" FOREIGN KEY ("tag_id") REFERENCES "public"."tags"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_events" ADD CONSTRAINT "ticket_events_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_grid_cell_id_regions_id_fk" FOREIGN KEY ("grid_cell_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_community_id_regions_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_street_id_regions_id_fk" FOREIGN KEY ("street_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_matter_id_matters_id_fk" FOREIGN KEY ("matter_id") REFERENCES "public"."matters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "departments_kind_idx" ON "departments" USING btree ("kind");--> statement-breakpoint
CREATE INDEX "regions_level_idx" ON "regions" USING btree ("level");--> statement-breakpoint
CREATE INDEX "regions_parent_idx" ON "regions" USING btree ("parent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "matters_key_version_uq" ON "matters" USING btree ("key","version");--> statement-breakpoint
CREATE UNIQUE INDEX "matters_current_uq" ON "matters" USING btree ("key") WHERE "matters"."valid_to" is null;--> statement-breakpoint
CREATE INDEX "matters_domain_idx" ON "matters" USING btree ("domain");--> statement-breakpoint
CREATE INDEX "matters_lead_idx" ON "matters" USING btree ("lead_department_id");--> statement-breakpoint
CREATE INDEX "precedents_department_idx" ON "precedents" USING btree ("department_id");--> statement-breakpoint
CREATE INDEX "supervisions_ticket_idx" ON "supervisions" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "tags_category_idx" ON "tags" USING btree ("category_id");--> statement-breakpoint
CREATE INDEX "ticket_tags_tag_idx" ON "ticket_tags" USING btree ("tag_id","ticket_id");--> statement-breakpoint
CREATE INDEX "ticket_events_ticket_idx" ON "ticket_events" USING btree ("ticket_id","id");--> statement-breakpoint
CREATE INDEX "ticket_events_at_idx" ON "ticket_events" USING btree ("at");--> statement-breakpoint
CREATE INDEX "ticket_events_department_idx" ON "ticket_events" USING btree ("department_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_source_external_uq" ON "tickets" USING btree ("source","external_id");--> statement-breakpoint
CREATE INDEX "tickets_status_idx" ON "tickets" USING btree ("status");--> statement-breakpoint
CREATE INDEX "tickets_department_status_idx" ON "tickets" USING btree ("department_id","status");--> statement-breakpoint
CREATE INDEX "tickets_received_idx" ON "tickets" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "tickets_grid_received_idx" ON "tickets" USING btree ("grid_cell_id","received_at");--> statement-breakpoint
CREATE INDEX "tickets_community_received_idx" ON "tickets" USING btree ("community_id","received_at");--> statement-breakpoint
CREATE INDEX "tickets_street_received_idx" ON "tickets" USING btree ("street_id","received_at");--> statement-breakpoint
CREATE INDEX "tickets_domain_received_idx" ON "tickets" USING btree ("domain","received_at");--> statement-breakpoint
CREATE INDEX "tickets_matter_idx" ON "tickets" USING btree ("matter_id");--> statement-breakpoint
CREATE INDEX "tickets_due_open_idx" ON "tickets" USING btree ("due_at") WHERE "tickets"."status" <> 'closed';--> statement-breakpoint
CREATE UNIQUE INDEX "warnings_open_scope_uq" ON "warnings" USING btree ("kind","scope_key") WHERE "warnings"."status" <> 'resolved';--> statement-breakpoint
CREATE INDEX "warnings_status_idx" ON "warnings" USING btree ("status","severity");