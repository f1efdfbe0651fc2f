-- The daily and monthly rollups follow the hourly one inside the same statement, so they are exact
-- whenever the hourly rollup is, whoever writes it (intake, bulk import, seed, a domain change that
-- moves a count). Statement-level triggers with transition tables: one upsert per statement and
-- grain, not per row. Each count also goes under domain '*' (all domains), so an unfiltered heatmap
-- reads one row per cell and period. Days and months are Beijing-local (UTC+8, no daylight
-- saving), computed without the time-zone database.
CREATE FUNCTION cityops_local_day(h timestamptz) RETURNS timestamptz
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT (date_trunc('day', (h AT TIME ZONE 'UTC') + interval '8 hours') - interval '8 hours') AT TIME ZONE 'UTC' $$;
--> statement-breakpoint
CREATE FUNCTION cityops_local_month(h timestamptz) RETURNS timestamptz
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT (date_trunc('month', (h AT TIME ZONE 'UTC') + interval '8 hours') - interval '8 hours') AT TIME ZONE 'UTC' $$;
--> statement-breakpoint
CREATE FUNCTION cityops_rollup_coarse_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  cols text := 'hour, grid_cell_id, community_id, street_id, domain';
  deltas text;
BEGIN
  -- What the statement changed, as signed counts per hourly key.
  deltas := CASE TG_OP
    WHEN 'INSERT' THEN format('SELECT %s, received AS n FROM new_rows', cols)
    WHEN 'UPDATE' THEN format('SELECT %1$s, received AS n FROM new_rows UNION ALL SELECT %1$s, -received FROM old_rows', cols)
    ELSE format('SELECT %s, -received AS n FROM old_rows', cols)
  END;
  EXECUTE format($q$
    WITH d AS (%1$s),
    x AS (SELECT hour, grid_cell_id, community_id, street_id, domain, n FROM d
          UNION ALL SELECT hour, grid_cell_id, community_id, street_id, '*', n FROM d),
    m AS (
      INSERT INTO ticket_rollup_monthly (month, grid_cell_id, community_id, street_id, domain, received)
      SELECT cityops_local_month(hour), grid_cell_id, community_id, street_id, domain, sum(n) FROM x GROUP BY 1, 2, 3, 4, 5
      ON CONFLICT (month, grid_cell_id, community_id, street_id, domain)
      DO UPDATE SET received = ticket_rollup_monthly.received + excluded.received)
    INSERT INTO ticket_rollup_daily (day, grid_cell_id, community_id, street_id, domain, received)
    SELECT cityops_local_day(hour), grid_cell_id, community_id, street_id, domain, sum(n) FROM x GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT (day, grid_cell_id, community_id, street_id, domain)
    DO UPDATE SET received = ticket_rollup_daily.received + excluded.received
  $q$, deltas);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER ticket_rollup_coarse_ins AFTER INSERT ON ticket_rollup_hourly
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cityops_rollup_coarse_apply();
--> statement-breakpoint
CREATE TRIGGER ticket_rollup_coarse_upd AFTER UPDATE ON ticket_rollup_hourly
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cityops_rollup_coarse_apply();
--> statement-breakpoint
CREATE TRIGGER ticket_rollup_coarse_del AFTER DELETE ON ticket_rollup_hourly
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION cityops_rollup_coarse_apply();
--> statement-breakpoint
-- Databases that already hold tickets start from their hourly rollup: re-insert it through the
-- trigger (TRUNCATE fires no DELETE trigger, so nothing is subtracted first).
CREATE TEMP TABLE cityops_rollup_backfill AS SELECT * FROM ticket_rollup_hourly;
--> statement-breakpoint
TRUNCATE ticket_rollup_hourly;
--> statement-breakpoint
INSERT INTO ticket_rollup_hourly SELECT * FROM cityops_rollup_backfill;
--> statement-breakpoint
DROP TABLE cityops_rollup_backfill;
