-- A ticket's tags move from ticket_tags (one row per tag, ~15 per imported ticket) onto the ticket
-- row: tag_ids (ascending, GIN-indexed for tag_ids && / @> array[…]) and, parallel to it, what set
-- each tag: tag_rules, an entry of tag_rules (a rule id and its confidence: two bytes a tag instead
-- of ~30) or 0 where a person did, and tag_actors, who that person was ('' where a rule did; empty
-- while no person has set any tag; never NULL: postgres.js reads a NULL element of a text[] as the
-- string "NULL"). Writing the join table's rows cost an import about as much as writing the
-- tickets; as columns of the ticket they come with its insert.
CREATE TABLE "tag_rules" (
	"id" smallserial PRIMARY KEY NOT NULL,
	"rule_id" text NOT NULL,
	"confidence" real NOT NULL,
	CONSTRAINT "tag_rules_rule_confidence_uq" UNIQUE("rule_id","confidence")
);
--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "tag_ids" integer[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "tag_rules" smallint[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "tag_actors" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_tag_arrays_parallel" CHECK (cardinality("tickets"."tag_rules") = cardinality("tickets"."tag_ids") and cardinality("tickets"."tag_actors") in (0, cardinality("tickets"."tag_ids")) and array_position("tickets"."tag_rules", null) is null and array_position("tickets"."tag_actors", null) is null);--> statement-breakpoint
-- Every stored tag moves with its provenance. A rule's tag stored without a rule id keeps its origin
-- under the rule id 'unknown'; a person's tag has confidence 1, as the app has always set it.
INSERT INTO "tag_rules" (rule_id, confidence)
  SELECT DISTINCT coalesce(nullif(rule_id, ''), 'unknown'), confidence FROM "ticket_tags" WHERE origin = 'rule' ORDER BY 1, 2;--> statement-breakpoint
UPDATE "tickets" t SET
  "tag_ids" = g.tag_ids,
  "tag_rules" = g.rules,
  "tag_actors" = g.actors
FROM (
  SELECT tt.ticket_id,
         array_agg(tt.tag_id ORDER BY tt.tag_id) AS tag_ids,
         array_agg(coalesce(r.id, 0) ORDER BY tt.tag_id) AS rules,
         CASE WHEN bool_or(tt.origin = 'manual') THEN array_agg(CASE WHEN tt.origin = 'manual' THEN coalesce(tt.actor, '') ELSE '' END ORDER BY tt.tag_id) ELSE '{}' END AS actors
  FROM "ticket_tags" tt
  LEFT JOIN "tag_rules" r ON tt.origin = 'rule' AND r.rule_id = coalesce(nullif(tt.rule_id, ''), 'unknown') AND r.confidence = tt.confidence
  GROUP BY tt.ticket_id
) g
WHERE t.id = g.ticket_id;--> statement-breakpoint
DROP TRIGGER tickets_tags_delete_lock ON tickets;--> statement-breakpoint
DROP TRIGGER tickets_tags_delete_check ON tickets;--> statement-breakpoint
DROP TRIGGER tags_tags_delete_lock ON tags;--> statement-breakpoint
DROP TRIGGER tags_tags_delete_check ON tags;--> statement-breakpoint
DROP TABLE "ticket_tags";--> statement-breakpoint
DROP FUNCTION cityops_ticket_tags_refs();--> statement-breakpoint
DROP FUNCTION cityops_ticket_tags_lock();--> statement-breakpoint
DROP FUNCTION cityops_ticket_tags_still_referenced();--> statement-breakpoint
DROP TYPE "public"."tag_origin";--> statement-breakpoint
-- Indexes no query needs, each a cost on every insert: the status index (open tickets are found
-- through tickets_due_open_idx, whose predicate is status <> 'closed'; a page of one status walks
-- received_at), street and domain by time (surge evidence reads a time window of received_at, the
-- street and domain counts come from the rollups). The department, matter and imported-dispatch
-- indexes keep only the rows their queries can ask for.
DROP INDEX "tickets_status_idx";--> statement-breakpoint
DROP INDEX "tickets_street_received_idx";--> statement-breakpoint
DROP INDEX "tickets_domain_received_idx";--> statement-breakpoint
DROP INDEX "tickets_department_status_idx";--> statement-breakpoint
DROP INDEX "tickets_matter_idx";--> statement-breakpoint
DROP INDEX "tickets_imported_dispatched_idx";--> statement-breakpoint
CREATE INDEX "tickets_department_status_idx" ON "tickets" USING btree ("department_id","status") WHERE "tickets"."department_id" is not null;--> statement-breakpoint
CREATE INDEX "tickets_matter_idx" ON "tickets" USING btree ("matter_id") WHERE "tickets"."matter_id" is not null;--> statement-breakpoint
CREATE INDEX "tickets_imported_dispatched_idx" ON "tickets" USING btree ("dispatched_at") WHERE "tickets"."imported_at" is not null and "tickets"."dispatched_at" is not null;--> statement-breakpoint
CREATE INDEX "tickets_tag_ids_idx" ON "tickets" USING gin ("tag_ids");--> statement-breakpoint
-- tag_ids → tags and tag_rules → tag_rules, as foreign keys would hold them: checked once per
-- inserting statement over its transition table (an import inserts thousands of tickets at once),
-- and per row where an update changes a ticket's tags. A tag id appears once per ticket, as the join
-- table's key made it.
CREATE FUNCTION cityops_ticket_tags_check(tag_ids integer[], rules smallint[], ticket bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  missing integer;
BEGIN
  SELECT x INTO missing FROM unnest(tag_ids) x WHERE NOT EXISTS (SELECT 1 FROM tags g WHERE g.id = x) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'insert or update on table "tickets" violates foreign key: tag % is not present in table "tags"', missing
      USING ERRCODE = 'foreign_key_violation', TABLE = 'tickets', COLUMN = 'tag_ids';
  END IF;
  SELECT x INTO missing FROM unnest(rules) x WHERE x <> 0 AND NOT EXISTS (SELECT 1 FROM tag_rules r WHERE r.id = x) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'insert or update on table "tickets" violates foreign key: tag rule % is not present in table "tag_rules"', missing
      USING ERRCODE = 'foreign_key_violation', TABLE = 'tickets', COLUMN = 'tag_rules';
  END IF;
  IF cardinality(tag_ids) > 1 AND (SELECT count(DISTINCT x) FROM unnest(tag_ids) x) <> cardinality(tag_ids) THEN
    RAISE EXCEPTION 'ticket % carries a tag twice', ticket USING ERRCODE = 'unique_violation', TABLE = 'tickets', COLUMN = 'tag_ids';
  END IF;
END $$;--> statement-breakpoint
CREATE FUNCTION cityops_ticket_tags_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  missing integer;
  twice bigint;
BEGIN
  SELECT x.id INTO missing FROM (SELECT DISTINCT unnest(n.tag_ids) AS id FROM new_rows n) x
    WHERE NOT EXISTS (SELECT 1 FROM tags g WHERE g.id = x.id) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'insert or update on table "tickets" violates foreign key: tag % is not present in table "tags"', missing
      USING ERRCODE = 'foreign_key_violation', TABLE = 'tickets', COLUMN = 'tag_ids';
  END IF;
  SELECT x.id INTO missing FROM (SELECT DISTINCT unnest(n.tag_rules) AS id FROM new_rows n) x
    WHERE x.id <> 0 AND NOT EXISTS (SELECT 1 FROM tag_rules r WHERE r.id = x.id) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'insert or update on table "tickets" violates foreign key: tag rule % is not present in table "tag_rules"', missing
      USING ERRCODE = 'foreign_key_violation', TABLE = 'tickets', COLUMN = 'tag_rules';
  END IF;
  SELECT n.id INTO twice FROM new_rows n
    WHERE cardinality(n.tag_ids) > 1 AND (SELECT count(DISTINCT x) FROM unnest(n.tag_ids) x) <> cardinality(n.tag_ids) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'ticket % carries a tag twice', twice USING ERRCODE = 'unique_violation', TABLE = 'tickets', COLUMN = 'tag_ids';
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION cityops_ticket_tags_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM cityops_ticket_tags_check(NEW.tag_ids, NEW.tag_rules, NEW.id);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER tickets_tags_insert AFTER INSERT ON tickets
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cityops_ticket_tags_inserted();--> statement-breakpoint
CREATE TRIGGER tickets_tags_update AFTER UPDATE OF tag_ids, tag_rules ON tickets
  FOR EACH ROW WHEN (OLD.tag_ids IS DISTINCT FROM NEW.tag_ids OR OLD.tag_rules IS DISTINCT FROM NEW.tag_rules) EXECUTE FUNCTION cityops_ticket_tags_updated();--> statement-breakpoint
-- An entry of tag_rules is what some tickets' tags say set them: it never changes and never goes.
CREATE FUNCTION cityops_tag_rules_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'rows of "tag_rules" never change or go (tickets refer to them)' USING ERRCODE = 'foreign_key_violation', TABLE = 'tag_rules';
END $$;--> statement-breakpoint
CREATE TRIGGER tag_rules_fixed BEFORE UPDATE OR DELETE ON tag_rules FOR EACH ROW EXECUTE FUNCTION cityops_tag_rules_fixed();--> statement-breakpoint
-- A tag on any ticket cannot be deleted. The delete first takes SHARE on tickets, so it waits for
-- ticket writers in progress and sees their tags; a writer waits for a delete in progress and then
-- finds the tag gone. Deleting a tag is a taxonomy change, rare enough to hold ticket writes.
CREATE FUNCTION cityops_tags_lock_tickets() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE tickets IN SHARE MODE;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION cityops_tags_still_on_tickets() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  id integer;
BEGIN
  SELECT o.id INTO id FROM old_rows o WHERE EXISTS (SELECT 1 FROM tickets t WHERE t.tag_ids @> ARRAY[o.id]) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'update or delete on table "tags" violates foreign key on table "tickets": tag % is still on a ticket', id
      USING ERRCODE = 'foreign_key_violation', TABLE = 'tags';
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER tags_tickets_delete_lock BEFORE DELETE ON tags FOR EACH STATEMENT EXECUTE FUNCTION cityops_tags_lock_tickets();--> statement-breakpoint
CREATE TRIGGER tags_tickets_delete_check AFTER DELETE ON tags
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION cityops_tags_still_on_tickets();--> statement-breakpoint
-- tags_id_fixed and tickets_id_fixed (migration 0007) stay: tickets name tag ids, events name ticket ids.
CREATE OR REPLACE FUNCTION cityops_refuse_id_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the id of a row of "%" never changes (other rows refer to it)', TG_TABLE_NAME USING ERRCODE = 'foreign_key_violation';
END $$;
