import { sql } from "drizzle-orm";

/**
 * Every ticket's tags as rows (ticket_id, tag_id, origin, rule_id, confidence, actor), read from the
 * tag columns of the ticket row, for assertions written in SQL.
 */
export const TICKET_TAG_ROWS = sql.raw(`(select t.id as ticket_id, x.tag_id, case when x.rule_id = '' then 'manual' else 'rule' end as origin,
    nullif(x.rule_id, '') as rule_id, x.confidence, nullif(x.actor, '') as actor
  from tickets t cross join unnest(t.tag_ids, t.tag_rule_ids, t.tag_confidences, t.tag_actors) as x(tag_id, rule_id, confidence, actor))`);
