-- A history import fills a month that has no partition yet as a plain table without indexes, and
-- attaches it when the import ends: its indexes are built once instead of maintained row by row.
-- ticket_month_loads lists such tables until they are attached; their tickets' keys are already in
-- ticket_keys, so a replay is a duplicate even before the month is attached.
CREATE TABLE "ticket_month_loads" (
	"partition" text PRIMARY KEY NOT NULL,
	"month_from" timestamp with time zone NOT NULL,
	"month_to" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
-- The table to fill for the Beijing month of `instant`: a new (or already pending) load table when
-- the month has no partition and no ticket waits for it in the default partition; NULL when the
-- month is, or must be, an ordinary partition (which then exists).
CREATE FUNCTION cityops_ticket_month_load(instant timestamptz) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  local timestamp := date_trunc('month', instant AT TIME ZONE 'Asia/Shanghai');
  lo timestamptz := local AT TIME ZONE 'Asia/Shanghai';
  hi timestamptz := (local + interval '1 month') AT TIME ZONE 'Asia/Shanghai';
  part text := 'tickets_' || to_char(local, 'YYYY_MM');
BEGIN
  PERFORM pg_advisory_xact_lock(12345, 13);
  IF EXISTS (SELECT 1 FROM ticket_month_loads l WHERE l.partition = part) THEN
    RETURN part;
  END IF;
  IF to_regclass('public.' || part) IS NOT NULL OR EXISTS (SELECT 1 FROM tickets_default WHERE received_at >= lo AND received_at < hi) THEN
    PERFORM cityops_ticket_month(instant);
    RETURN NULL;
  END IF;
  EXECUTE format('CREATE TABLE public.%I (LIKE public.tickets INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part);
  INSERT INTO ticket_month_loads (partition, month_from, month_to) VALUES (part, lo, hi);
  RETURN part;
END $$;--> statement-breakpoint
-- Attaches a load table: its rows are checked as the triggers on tickets check inserted rows (tags,
-- places, department, matter), the month's rows that waited in the default partition join it, and
-- ATTACH builds its indexes. Does nothing for a table that is not a pending load.
CREATE FUNCTION cityops_ticket_month_attach(part text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  l ticket_month_loads;
  bad text;
BEGIN
  PERFORM pg_advisory_xact_lock(12345, 13);
  SELECT * INTO l FROM ticket_month_loads WHERE partition = part;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  EXECUTE format($q$
    SELECT coalesce(
      (SELECT 'tag ' || x FROM (SELECT DISTINCT unnest(tag_ids) AS x FROM public.%1$I) u WHERE NOT EXISTS (SELECT 1 FROM tags g WHERE g.id = u.x) LIMIT 1),
      (SELECT 'tag rule ' || x FROM (SELECT DISTINCT unnest(tag_rules) AS x FROM public.%1$I) u WHERE u.x <> 0 AND NOT EXISTS (SELECT 1 FROM tag_rules r WHERE r.id = u.x) LIMIT 1),
      (SELECT 'region ' || x FROM (SELECT grid_cell_id AS x FROM public.%1$I UNION SELECT community_id FROM public.%1$I UNION SELECT street_id FROM public.%1$I) u
         WHERE u.x IS NOT NULL AND NOT EXISTS (SELECT 1 FROM regions r WHERE r.id = u.x) LIMIT 1),
      (SELECT 'department ' || x FROM (SELECT DISTINCT department_id AS x FROM public.%1$I) u WHERE u.x IS NOT NULL AND NOT EXISTS (SELECT 1 FROM departments d WHERE d.id = u.x) LIMIT 1),
      (SELECT 'matter ' || x FROM (SELECT DISTINCT matter_id AS x FROM public.%1$I) u WHERE u.x IS NOT NULL AND NOT EXISTS (SELECT 1 FROM matters m WHERE m.id = u.x) LIMIT 1),
      (SELECT 'ticket ' || id || ' carrying a tag twice' FROM public.%1$I WHERE cardinality(tag_ids) > 1 AND (SELECT count(DISTINCT x) FROM unnest(tag_ids) x) <> cardinality(tag_ids) LIMIT 1))
  $q$, part) INTO bad;
  IF bad IS NOT NULL THEN
    RAISE EXCEPTION 'month % cannot join tickets: % is not present or not allowed', part, bad USING ERRCODE = 'foreign_key_violation', TABLE = 'tickets';
  END IF;
  LOCK TABLE tickets_default IN SHARE ROW EXCLUSIVE MODE;
  EXECUTE format('WITH moved AS (DELETE FROM public.tickets_default WHERE received_at >= %L AND received_at < %L RETURNING *) INSERT INTO public.%I SELECT * FROM moved', l.month_from, l.month_to, part);
  EXECUTE format('ALTER TABLE public.%I ADD CONSTRAINT %I CHECK (received_at >= %L AND received_at < %L)', part, part || '_bound', l.month_from, l.month_to);
  EXECUTE format('ALTER TABLE public.tickets ATTACH PARTITION public.%I FOR VALUES FROM (%L) TO (%L)', part, l.month_from, l.month_to);
  EXECUTE format('ALTER TABLE public.%I DROP CONSTRAINT %I', part, part || '_bound');
  DELETE FROM ticket_month_loads WHERE partition = part;
END $$;
