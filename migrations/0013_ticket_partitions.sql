-- Tickets are partitioned by month of receipt (Beijing months): a query of one month reads one
-- partition and its indexes, an old month is detached and archived whole, and a month that a
-- history import fills can be written before its indexes exist. PostgreSQL requires a partitioned
-- table's unique keys to contain the partition key, so two keys move to ticket_keys, one row per
-- ticket: the id (what ticket_events and supervisions refer to) and (source, external_id), what
-- intake is idempotent on across all months. An insert into tickets writes its keys (a statement
-- trigger); the paths that must skip stored keys insert the key first (ON CONFLICT DO NOTHING) and
-- the ticket only for keys they got. See docs/design/partitions.md.
CREATE TABLE "ticket_keys" (
	"ticket_id" bigint PRIMARY KEY NOT NULL,
	"source" "ticket_source" NOT NULL,
	"external_id" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL
);--> statement-breakpoint
INSERT INTO "ticket_keys" (ticket_id, source, external_id, received_at) SELECT id, source, external_id, received_at FROM "tickets";--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_keys_source_external_uq" ON "ticket_keys" USING btree ("source","external_id");--> statement-breakpoint
ALTER TABLE "ticket_events" DROP CONSTRAINT "ticket_events_ticket_id_tickets_id_fk";--> statement-breakpoint
ALTER TABLE "supervisions" DROP CONSTRAINT "supervisions_ticket_id_tickets_id_fk";--> statement-breakpoint
ALTER TABLE "ticket_events" ADD CONSTRAINT "ticket_events_ticket_id_ticket_keys_ticket_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."ticket_keys"("ticket_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervisions" ADD CONSTRAINT "supervisions_ticket_id_ticket_keys_ticket_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."ticket_keys"("ticket_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- The old table's indexes, checks, foreign keys and triggers are taken over by name, as they are.
CREATE TEMP TABLE ticket_ddl ON COMMIT DROP AS
  SELECT 1 AS ord, indexname AS name, indexdef AS def FROM pg_indexes
    WHERE schemaname = 'public' AND tablename = 'tickets' AND indexname NOT IN ('tickets_pkey', 'tickets_source_external_uq')
  UNION ALL
  SELECT 2, conname, pg_get_constraintdef(oid) FROM pg_constraint
    WHERE conrelid = 'public.tickets'::regclass AND contype IN ('c', 'f')
  UNION ALL
  SELECT 3, tgname, pg_get_triggerdef(oid) FROM pg_trigger WHERE tgrelid = 'public.tickets'::regclass AND NOT tgisinternal;--> statement-breakpoint
ALTER TABLE "tickets" RENAME TO "tickets_unpartitioned";--> statement-breakpoint
ALTER SEQUENCE "tickets_id_seq" OWNED BY NONE;--> statement-breakpoint
DO $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT name FROM ticket_ddl WHERE ord = 1 LOOP
    EXECUTE format('DROP INDEX public.%I', r.name);
  END LOOP;
  ALTER TABLE tickets_unpartitioned DROP CONSTRAINT tickets_pkey;
  ALTER TABLE tickets_unpartitioned DROP CONSTRAINT IF EXISTS tickets_source_external_uq;
  DROP INDEX IF EXISTS public.tickets_source_external_uq;
END $$;--> statement-breakpoint
CREATE TABLE "tickets" (LIKE "tickets_unpartitioned" INCLUDING DEFAULTS) PARTITION BY RANGE ("received_at");--> statement-breakpoint
ALTER SEQUENCE "tickets_id_seq" OWNED BY "tickets"."id";--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_pkey" PRIMARY KEY ("id", "received_at");--> statement-breakpoint
DO $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT * FROM ticket_ddl ORDER BY ord, name LOOP
    IF r.ord = 1 THEN
      EXECUTE regexp_replace(r.def, ' ON (public\.)?tickets ', ' ON public.tickets ');
    ELSIF r.ord = 2 THEN
      EXECUTE format('ALTER TABLE public.tickets ADD CONSTRAINT %I %s', r.name, r.def);
    ELSE
      EXECUTE regexp_replace(r.def, ' ON (public\.)?tickets ', ' ON public.tickets ');
    END IF;
  END LOOP;
END $$;--> statement-breakpoint
-- Writes the keys of inserted tickets. A path that inserted the key itself finds it there; a second
-- ticket with a stored (source, external_id) fails here, as it failed on the old unique index.
CREATE FUNCTION cityops_ticket_keys_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ticket_keys (ticket_id, source, external_id, received_at)
    SELECT n.id, n.source, n.external_id, n.received_at FROM new_rows n
    ON CONFLICT (ticket_id) DO NOTHING;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER tickets_keys_insert AFTER INSERT ON tickets
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cityops_ticket_keys_inserted();--> statement-breakpoint
-- A ticket's key columns never change: ticket_keys holds them too.
CREATE FUNCTION cityops_ticket_key_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the source, external id and receipt time of a ticket never change (ticket_keys holds them)' USING ERRCODE = 'foreign_key_violation', TABLE = 'tickets';
END $$;--> statement-breakpoint
CREATE TRIGGER tickets_key_fixed BEFORE UPDATE OF source, external_id, received_at ON tickets FOR EACH ROW
  WHEN (OLD.source IS DISTINCT FROM NEW.source OR OLD.external_id IS DISTINCT FROM NEW.external_id OR OLD.received_at IS DISTINCT FROM NEW.received_at)
  EXECUTE FUNCTION cityops_ticket_key_fixed();--> statement-breakpoint
-- Rows of a month without its partition land here; cityops_ticket_month moves them out when it
-- creates that month.
CREATE TABLE "tickets_default" PARTITION OF "tickets" DEFAULT;--> statement-breakpoint
-- The partition of the Beijing month that contains `instant`, created (or split out of the default
-- partition) if it is missing. Returns its name. Serialised by an advisory lock: several hubs and
-- an import may ask for the same month at once.
CREATE FUNCTION cityops_ticket_month(instant timestamptz) RETURNS text LANGUAGE plpgsql AS $$
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
  IF to_regclass('public.' || part) IS NOT NULL THEN
    RETURN part;
  END IF;
  EXECUTE format('CREATE TABLE public.%I (LIKE public.tickets INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part);
  -- The month's rows leave the default partition in the same transaction: attaching the month
  -- checks that the default partition holds none of them.
  LOCK TABLE tickets_default IN SHARE ROW EXCLUSIVE MODE;
  EXECUTE format('WITH moved AS (DELETE FROM public.tickets_default WHERE received_at >= %L AND received_at < %L RETURNING *) INSERT INTO public.%I SELECT * FROM moved', lo, hi, part);
  -- The bound as a check first: attaching then needs no scan of the new table to prove it.
  EXECUTE format('ALTER TABLE public.%I ADD CONSTRAINT %I CHECK (received_at >= %L AND received_at < %L)', part, part || '_bound', lo, hi);
  EXECUTE format('ALTER TABLE public.tickets ATTACH PARTITION public.%I FOR VALUES FROM (%L) TO (%L)', part, lo, hi);
  EXECUTE format('ALTER TABLE public.%I DROP CONSTRAINT %I', part, part || '_bound');
  RETURN part;
END $$;--> statement-breakpoint
SELECT cityops_ticket_month(m) FROM (SELECT DISTINCT date_trunc('month', received_at AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai' AS m FROM "tickets_unpartitioned") x;--> statement-breakpoint
INSERT INTO "tickets" SELECT * FROM "tickets_unpartitioned";--> statement-breakpoint
DROP TABLE "tickets_unpartitioned";
