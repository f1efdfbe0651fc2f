-- Seeding rebuilt the tickets' secondary indexes from their catalog definitions, which for a
-- partitioned table read `CREATE INDEX … ON ONLY tickets`: an index on the parent alone, invalid, and
-- none on the partitions seeded before it, so their queries read whole months. Each such index is
-- built again on every partition (a partition that has a matching index keeps it).
DO $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
           FROM pg_index i WHERE i.indrelid = 'public.tickets'::regclass AND NOT i.indisvalid
  LOOP
    EXECUTE 'DROP INDEX ' || r.name;
    EXECUTE replace(r.def, ' ON ONLY ', ' ON ');
  END LOOP;
END $$;
