-- Transactions that will not write the ticket event log may say so, so that readers of the log need
-- not wait for them (server/src/realtime/event-log.ts). They say it with their first statement,
-- cityops_no_ticket_events(): it takes a shared advisory lock that readers look for (12345, 8) and
-- sets cityops.no_ticket_events for the rest of the transaction. It refuses a transaction that has
-- already written (whose events could predate the promise), and the trigger below refuses any
-- event written after it: a reader that skips such a transaction can never skip an event.
CREATE FUNCTION cityops_no_ticket_events() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
    RAISE EXCEPTION 'cityops_no_ticket_events() must come before the transaction''s first write'
      USING ERRCODE = 'invalid_transaction_state';
  END IF;
  PERFORM pg_advisory_xact_lock_shared(12345, 8);
  PERFORM set_config('cityops.no_ticket_events', 'on', true);
END $$;
--> statement-breakpoint
CREATE FUNCTION cityops_ticket_events_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('cityops.no_ticket_events', true), '') = 'on' THEN
    RAISE EXCEPTION 'this transaction said it writes no ticket events (cityops_no_ticket_events)'
      USING ERRCODE = 'invalid_transaction_state';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER ticket_events_guard BEFORE INSERT ON ticket_events FOR EACH STATEMENT EXECUTE FUNCTION cityops_ticket_events_guard();
