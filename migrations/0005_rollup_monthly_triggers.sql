-- The monthly rollup follows the hourly one inside the same statement, so it is exact whenever the
-- hourly rollup is, whoever writes it (intake, bulk import, seed, a domain change that moves a count).
-- Statement-level triggers with transition tables: one upsert per statement, not per row.
-- Months are Beijing-local (UTC+8, no daylight saving), computed without the time-zone database.
CREATE FUNCTION cityops_local_month(h timestamptz) RETURNS timestamptz
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT (date_trunc('month', (h AT TIME ZONE 'UTC') + interval '8 hours') - interval '8 hours') AT TIME ZONE 'UTC' $$;
--> statement-breakpoint
CREATE FUNCTION cityops_rollup_monthly_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO ticket_rollup_monthly (month, grid_cell_id, community_id, street_id, domain, received)
    SELECT cityops_local_month(hour), grid_cell_id, community_id, street_id, domain, sum(received)
    FROM new_rows GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT (month, grid_cell_id, community_id, street_id, domain) DO UPDATE SET received = ticket_rollup_monthly.received + excluded.received;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO ticket_rollup_monthly (month, grid_cell_id, community_id, street_id, domain, received)
    SELECT cityops_local_month(hour), grid_cell_id, community_id, street_id, domain, sum(delta)
    FROM (SELECT hour, grid_cell_id, community_id, street_id, domain, received AS delta FROM new_rows
          UNION ALL
          SELECT hour, grid_cell_id, community_id, street_id, domain, -received FROM old_rows) d
    GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT (month, grid_cell_id, community_id, street_id, domain) DO UPDATE SET received = ticket_rollup_monthly.received + excluded.received;
  ELSE
    INSERT INTO ticket_rollup_monthly (month, grid_cell_id, community_id, street_id, domain, received)
    SELECT cityops_local_month(hour), grid_cell_id, community_id, street_id, domain, -sum(received)
    FROM old_rows GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT (month, grid_cell_id, community_id, street_id, domain) DO UPDATE SET received = ticket_rollup_monthly.received + excluded.received;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER ticket_rollup_monthly_ins AFTER INSERT ON ticket_rollup_hourly
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cityops_rollup_monthly_apply();
--> statement-breakpoint
CREATE TRIGGER ticket_rollup_monthly_upd AFTER UPDATE ON ticket_rollup_hourly
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cityops_rollup_monthly_apply();
--> statement-breakpoint
CREATE TRIGGER ticket_rollup_monthly_del AFTER DELETE ON ticket_rollup_hourly
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION cityops_rollup_monthly_apply();
--> statement-breakpoint
-- Databases that already hold tickets start from their hourly rollup.
INSERT INTO ticket_rollup_monthly (month, grid_cell_id, community_id, street_id, domain, received)
SELECT cityops_local_month(hour), grid_cell_id, community_id, street_id, domain, sum(received)
FROM ticket_rollup_hourly GROUP BY 1, 2, 3, 4, 5;
