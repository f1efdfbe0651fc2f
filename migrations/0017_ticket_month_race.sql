-- Two hubs starting together both make next month's partition. The second waited for the first's
-- advisory lock, then looked for the partition in its catalog snapshot of before the wait, did not
-- find it, and failed on CREATE TABLE ("already exists"), so the hub did not start. An advisory lock
-- does not make a session read the catalog changes committed meanwhile; a table lock does. The
-- default partition's lock, which the function took later anyway, is now taken before the second
-- look.
CREATE OR REPLACE FUNCTION cityops_ticket_month(instant timestamptz) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  local timestamp := date_trunc('month', instant AT TIME ZONE 'Asia/Shanghai');
  lo timestamptz := local AT TIME ZONE 'Asia/Shanghai';
  hi timestamptz := (local + interval '1 month') AT TIME ZONE 'Asia/Shanghai';
  part text := 'tickets_' || to_char(local, 'YYYY_MM');
BEGIN
  IF to_regclass('public.' || part) IS NOT NULL THEN
    RETURN part;
  END IF;
  PERFORM pg_advisory_xact_lock(12345, 13);
  -- The month's rows leave the default partition in the same transaction: attaching the month
  -- checks that the default partition holds none of them.
  LOCK TABLE tickets_default IN SHARE ROW EXCLUSIVE MODE;
  IF to_regclass('public.' || part) IS NOT NULL THEN
    RETURN part;
  END IF;
  EXECUTE format('CREATE TABLE public.%I (LIKE public.tickets INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part);
  EXECUTE format('WITH moved AS (DELETE FROM public.tickets_default WHERE received_at >= %L AND received_at < %L RETURNING *) INSERT INTO public.%I SELECT * FROM moved', lo, hi, part);
  -- The bound as a check first: attaching then needs no scan of the new table to prove it.
  EXECUTE format('ALTER TABLE public.%I ADD CONSTRAINT %I CHECK (received_at >= %L AND received_at < %L)', part, part || '_bound', lo, hi);
  EXECUTE format('ALTER TABLE public.tickets ATTACH PARTITION public.%I FOR VALUES FROM (%L) TO (%L)', part, lo, hi);
  EXECUTE format('ALTER TABLE public.%I DROP CONSTRAINT %I', part, part || '_bound');
  RETURN part;
END $$;
