-- A ticket's region, department and matter are checked once per statement instead of once per row.
-- The five foreign keys cost a history import about 0.3 s of every 10,000 rows (a lookup per row and
-- key); the statement checks look up each distinct value once. The other direction keeps its
-- guarantee as the tags do (0012): deleting a region, department or matter first takes SHARE on
-- tickets, so it waits for ticket writers in progress and sees their rows, then refuses when a
-- ticket still names it; their ids never change.
ALTER TABLE "tickets" DROP CONSTRAINT "tickets_grid_cell_id_regions_id_fk";--> statement-breakpoint
ALTER TABLE "tickets" DROP CONSTRAINT "tickets_community_id_regions_id_fk";--> statement-breakpoint
ALTER TABLE "tickets" DROP CONSTRAINT "tickets_street_id_regions_id_fk";--> statement-breakpoint
ALTER TABLE "tickets" DROP CONSTRAINT "tickets_department_id_departments_id_fk";--> statement-breakpoint
ALTER TABLE "tickets" DROP CONSTRAINT "tickets_matter_id_matters_id_fk";--> statement-breakpoint
CREATE FUNCTION cityops_ticket_references_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  missing bigint;
BEGIN
  SELECT x.id INTO missing FROM (
    SELECT grid_cell_id AS id FROM new_rows WHERE grid_cell_id IS NOT NULL
    UNION SELECT community_id FROM new_rows WHERE community_id IS NOT NULL
    UNION SELECT street_id FROM new_rows WHERE street_id IS NOT NULL
  ) x WHERE NOT EXISTS (SELECT 1 FROM regions r WHERE r.id = x.id) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'insert or update on table "tickets" violates foreign key: region % is not present in table "regions"', missing
      USING ERRCODE = 'foreign_key_violation', TABLE = 'tickets';
  END IF;
  SELECT x.id INTO missing FROM (SELECT DISTINCT department_id AS id FROM new_rows WHERE department_id IS NOT NULL) x
    WHERE NOT EXISTS (SELECT 1 FROM departments d WHERE d.id = x.id) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'insert or update on table "tickets" violates foreign key: department % is not present in table "departments"', missing
      USING ERRCODE = 'foreign_key_violation', TABLE = 'tickets', COLUMN = 'department_id';
  END IF;
  SELECT x.id INTO missing FROM (SELECT DISTINCT matter_id AS id FROM new_rows WHERE matter_id IS NOT NULL) x
    WHERE NOT EXISTS (SELECT 1 FROM matters m WHERE m.id = x.id) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'insert or update on table "tickets" violates foreign key: matter % is not present in table "matters"', missing
      USING ERRCODE = 'foreign_key_violation', TABLE = 'tickets', COLUMN = 'matter_id';
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER tickets_references_insert AFTER INSERT ON tickets
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cityops_ticket_references_check();--> statement-breakpoint
CREATE TRIGGER tickets_references_update AFTER UPDATE ON tickets
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cityops_ticket_references_check();--> statement-breakpoint
CREATE FUNCTION cityops_references_lock_tickets() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE tickets IN SHARE MODE;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION cityops_references_still_on_tickets() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  id integer;
BEGIN
  IF TG_TABLE_NAME = 'regions' THEN
    SELECT o.id INTO id FROM old_rows o
      WHERE EXISTS (SELECT 1 FROM tickets t WHERE t.grid_cell_id = o.id OR t.community_id = o.id OR t.street_id = o.id) LIMIT 1;
  ELSIF TG_TABLE_NAME = 'departments' THEN
    SELECT o.id INTO id FROM old_rows o WHERE EXISTS (SELECT 1 FROM tickets t WHERE t.department_id = o.id) LIMIT 1;
  ELSE
    SELECT o.id INTO id FROM old_rows o WHERE EXISTS (SELECT 1 FROM tickets t WHERE t.matter_id = o.id) LIMIT 1;
  END IF;
  IF FOUND THEN
    RAISE EXCEPTION 'update or delete on table "%" violates foreign key on table "tickets": % is still named by a ticket', TG_TABLE_NAME, id
      USING ERRCODE = 'foreign_key_violation', TABLE = TG_TABLE_NAME;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION cityops_refuse_reference_id_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the id of a row of "%" never changes (tickets name it)', TG_TABLE_NAME USING ERRCODE = 'foreign_key_violation';
END $$;--> statement-breakpoint
CREATE TRIGGER regions_tickets_delete_lock BEFORE DELETE ON regions FOR EACH STATEMENT EXECUTE FUNCTION cityops_references_lock_tickets();--> statement-breakpoint
CREATE TRIGGER regions_tickets_delete_check AFTER DELETE ON regions
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION cityops_references_still_on_tickets();--> statement-breakpoint
CREATE TRIGGER regions_id_fixed BEFORE UPDATE OF id ON regions FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION cityops_refuse_reference_id_change();--> statement-breakpoint
CREATE TRIGGER departments_tickets_delete_lock BEFORE DELETE ON departments FOR EACH STATEMENT EXECUTE FUNCTION cityops_references_lock_tickets();--> statement-breakpoint
CREATE TRIGGER departments_tickets_delete_check AFTER DELETE ON departments
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION cityops_references_still_on_tickets();--> statement-breakpoint
CREATE TRIGGER departments_id_fixed BEFORE UPDATE OF id ON departments FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION cityops_refuse_reference_id_change();--> statement-breakpoint
CREATE TRIGGER matters_tickets_delete_lock BEFORE DELETE ON matters FOR EACH STATEMENT EXECUTE FUNCTION cityops_references_lock_tickets();--> statement-breakpoint
CREATE TRIGGER matters_tickets_delete_check AFTER DELETE ON matters
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION cityops_references_still_on_tickets();--> statement-breakpoint
CREATE TRIGGER matters_id_fixed BEFORE UPDATE OF id ON matters FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION cityops_refuse_reference_id_change();
