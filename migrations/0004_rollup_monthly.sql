CREATE TABLE "ticket_rollup_daily" (
	"day" timestamp with time zone NOT NULL,
	"grid_cell_id" integer NOT NULL,
	"community_id" integer NOT NULL,
	"street_id" integer NOT NULL,
	"domain" text NOT NULL,
	"received" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "ticket_rollup_daily_day_grid_cell_id_community_id_street_id_domain_pk" PRIMARY KEY("day","grid_cell_id","community_id","street_id","domain")
);
--> statement-breakpoint
CREATE TABLE "ticket_rollup_monthly" (
	"month" timestamp with time zone NOT NULL,
	"grid_cell_id" integer NOT NULL,
	"community_id" integer NOT NULL,
	"street_id" integer NOT NULL,
	"domain" text NOT NULL,
	"received" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "ticket_rollup_monthly_month_grid_cell_id_community_id_street_id_domain_pk" PRIMARY KEY("month","grid_cell_id","community_id","street_id","domain")
);
