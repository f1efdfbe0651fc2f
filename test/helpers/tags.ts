import { sql } from "drizzle-orm";

/**
 * Every ticket's tags as rows (ticket_id, tag_id, origin, rule_id, confidence, actor), read from the
 * tag columns of the ticket row and the tag_rules entries they name, for assertions written in SQL.
 */
export const TICKET_TAG_ROWS = sql.raw(`(select t.id as ticket_id, x.tag_id, case when x.rule = 0 then 'manual' else 'rule' end as origin,
    r.rule_id, coalesce(r.confidence, 1) as confidence, nullif(x.actor, '') as actor
  from tickets t cross join unnest(t.tag_ids, t.tag_rules, t.tag_actors) as x(tag_id, rule, actor) left join tag_rules r on r.id = x.rule)`);
