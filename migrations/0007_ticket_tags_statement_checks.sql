-- ticket_tags keeps its two references (ticket_id → tickets, tag_id → tags), checked once per
-- statement over its transition table instead of once per row. An import writes ~15 rule tags per
-- ticket; the row-by-row checks (each a lookup that also locks the referenced row, the same few
-- hundred tag rows for every concurrent writer) were most of its time. The same guarantees as the
-- foreign keys they replace (NO ACTION): no tag row without its ticket and tag, and no ticket or
-- tag deleted while tagged. A delete first takes SHARE on ticket_tags, so it waits for writers of
-- tags still in progress and sees their rows; a writer waits for a delete in progress and then
-- finds its ticket gone. Ids never change (serial keys), so updating one is refused outright.
ALTER TABLE "ticket_tags" DROP CONSTRAINT "ticket_tags_ticket_id_tickets_id_fk";
--> statement-breakpoint
ALTER TABLE "ticket_tags" DROP CONSTRAINT "ticket_tags_tag_id_tags_id_fk";
--> statement-breakpoint
CREATE FUNCTION cityops_ticket_tags_refs() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  missing bigint;
BEGIN
  SELECT n.ticket_id INTO missing FROM new_rows n WHERE NOT EXISTS (SELECT 1 FROM tickets t WHERE t.id = n.ticket_id) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'insert or update on table "ticket_tags" violates foreign key: ticket % is not present in table "tickets"', missing
      USING ERRCODE = 'foreign_key_violation', TABLE = 'ticket_tags', COLUMN = 'ticket_id';
  END IF;
  SELECT n.tag_id INTO missing FROM new_rows n WHERE NOT EXISTS (SELECT 1 FROM tags g WHERE g.id = n.tag_id) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'insert or update on table "ticket_tags" violates foreign key: tag % is not present in table "tags"', missing
      USING ERRCODE = 'foreign_key_violation', TABLE = 'ticket_tags', COLUMN = 'tag_id';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER ticket_tags_refs_insert AFTER INSERT ON ticket_tags
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cityops_ticket_tags_refs();
--> statement-breakpoint
CREATE TRIGGER ticket_tags_refs_update AFTER UPDATE ON ticket_tags
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cityops_ticket_tags_refs();
--> statement-breakpoint
CREATE FUNCTION cityops_ticket_tags_lock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE ticket_tags IN SHARE MODE;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION cityops_ticket_tags_still_referenced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  col text := CASE TG_TABLE_NAME WHEN 'tickets' THEN 'ticket_id' ELSE 'tag_id' END;
  id bigint;
BEGIN
  EXECUTE format('SELECT o.id FROM old_rows o WHERE EXISTS (SELECT 1 FROM ticket_tags g WHERE g.%I = o.id) LIMIT 1', col) INTO id;
  IF id IS NOT NULL THEN
    RAISE EXCEPTION 'update or delete on table "%" violates foreign key on table "ticket_tags": % is still tagged', TG_TABLE_NAME, id
      USING ERRCODE = 'foreign_key_violation', TABLE = TG_TABLE_NAME;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION cityops_refuse_id_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the id of a row of "%" never changes (ticket_tags refers to it)', TG_TABLE_NAME USING ERRCODE = 'foreign_key_violation';
END $$;
--> statement-breakpoint
CREATE TRIGGER tickets_tags_delete_lock BEFORE DELETE ON tickets FOR EACH STATEMENT EXECUTE FUNCTION cityops_ticket_tags_lock();
--> statement-breakpoint
CREATE TRIGGER tickets_tags_delete_check AFTER DELETE ON tickets
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION cityops_ticket_tags_still_referenced();
--> statement-breakpoint
CREATE TRIGGER tickets_id_fixed BEFORE UPDATE OF id ON tickets FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION cityops_refuse_id_change();
--> statement-breakpoint
CREATE TRIGGER tags_tags_delete_lock BEFORE DELETE ON tags FOR EACH STATEMENT EXECUTE FUNCTION cityops_ticket_tags_lock();
--> statement-breakpoint
CREATE TRIGGER tags_tags_delete_check AFTER DELETE ON tags
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION cityops_ticket_tags_still_referenced();
--> statement-breakpoint
CREATE TRIGGER tags_id_fixed BEFORE UPDATE OF id ON tags FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION cityops_refuse_id_change();
