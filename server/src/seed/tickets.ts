// 90 days of ticket history for the demo district: who called about what, where, how it was handled
// and what the citizen said afterwards, with the audit log, rule tags, supervisions and the hourly
// rollup that the hub would have written itself. Pure: rows come back ready to insert.

import type { AppealType, Channel, Domain, Geometry, Loop, Source } from "@cityops/schema";
import { pointInPolygon } from "../domain/geo.js";
import type { MatterSpec } from "./matters.js";
import { versionAt } from "./matters.js";
import { Random, WeightedTable } from "./random.js";
import { planLifecycle, type Dept } from "./ticket-lifecycle.js";
import * as text from "./ticket-text.js";
import { APPEAL_MIX, CONSULT_LIKE, DOMAIN_SHARE, HOTLINE_CHANNELS } from "./mix.js";
import { heatingStarted, iso, localParts, planArrivals, seasons, themeFactors, timeBand, type Feed, type Storm } from "./ticket-volume.js";

export interface SeedCell {
  id: number;
  code: string;
  communityId: number;
  streetId: number;
  streetCode: string;
  minLat: number;
  minLng: number;
  maxLat: number;
  maxLng: number;
  geometry: Geometry;
  text: text.CellText;
}

export interface SeedDepartment extends Dept {
  key: string;
  name: string;
  domains: Domain[];
  streetCode?: string | undefined;
}

export interface TicketGenInput {
  rnd: Random;
  now: Date;
  days: number;
  ticketsPerYear: number;
  cells: SeedCell[];
  departments: SeedDepartment[];
  matters: MatterSpec[];
}

/** Rows keyed by column name, for json_populate_recordset. */
export type Row = Record<string, unknown>;

export interface GeneratedTickets {
  tickets: Row[];
  events: Row[];
  /** Tag codes; the seeder maps them to ids and fails on a code the taxonomy lacks. */
  tags: { ticket_id: number; code: string; rule_id: string }[];
  supervisions: Row[];
  rollups: Row[];
  storms: Storm[];
  lowLyingCellIds: number[];
}

const OPERATORS = ["王芳", "李娜", "张静", "刘洋", "陈晨", "杨雪", "黄丽", "周婷", "吴倩", "徐蕾", "孙悦", "胡斌", "朱琳", "高鹏", "林涛", "曲晓燕", "姜慧", "隋玲", "栾欣", "初阳"];
const SUPERVISORS = ["赵敏", "郑伟", "马骏", "冯刚", "韩梅"];
const LEADERS = ["宋建国", "曲志强"];
const STORM_LIKE = /积水|倒伏|停电|塌陷|倒灌|排水|漏水/;

export function generateTickets(input: TicketGenInput): GeneratedTickets {
  const { rnd, cells, departments, matters } = input;
  const now = input.now.getTime();
  const deptByKey = new Map(departments.map((d) => [d.key, d]));
  const dept = (key: string) => {
    const d = deptByKey.get(key);
    if (!d) throw new Error(`unknown department ${key}`);
    return d;
  };
  const officeByStreet = new Map(departments.filter((d) => d.streetCode).map((d) => [d.streetCode as string, d]));
  const family = new Map<string, MatterSpec>();
  for (const m of matters) if (m.familyKey && m.streetCode) family.set(`${m.familyKey}/${m.streetCode}`, m);
  const streetCodes = [...new Set(cells.map((c) => c.streetCode))];

  // Cells: a fixed popularity per cell (dense estates call more than fields), a few low-lying ones.
  const cellRnd = rnd.fork("cells");
  const rural = (c: SeedCell) => c.text.rural;
  const popularity = cells.map((c) => Math.exp(0.6 * cellRnd.normal()) * (rural(c) ? 0.45 : 1));
  const hotlineCells = new WeightedTable(cells, popularity);
  const gridCells = new WeightedTable(cells, cells.map((c) => (rural(c) ? 0.8 : 1)));
  const lowLying = cellRnd.sample(cells.filter((c) => !rural(c)), 6);
  const lowLyingTable = new WeightedTable(lowLying, lowLying.map((_, i) => 1 / (i + 1)));

  // Matter tables per feed and seasonal profile; the profile changes a few times in 90 days.
  const tables = new Map<string, WeightedTable<MatterSpec>>();
  const matterTable = (feed: Feed, at: number) => {
    const factors = themeFactors(at);
    const key = `${feed}/${JSON.stringify(factors)}`;
    let table = tables.get(key);
    if (!table) {
      const pool = feed === "sensor" ? matters.filter((m) => m.sensor) : matters;
      const w = pool.map((m) => (feed === "sensor" ? 1 : (DOMAIN_SHARE[feed][m.domain] ?? 0)) * m.weight * (m.theme ? factors[m.theme] : 1));
      table = new WeightedTable(pool, w);
      tables.set(key, table);
    }
    return table;
  };
  const stormMatters = matters.filter((m) => m.theme === "waterlogging");
  const stormOther = matters.filter((m) => m.theme !== "waterlogging" && STORM_LIKE.test(m.issueName) && !m.familyKey);
  const stormTable = new WeightedTable(stormMatters, stormMatters.map((m) => m.weight));

  const { arrivals, storms } = planArrivals(rnd.fork("arrivals"), now, input.days, input.ticketsPerYear);
  const r = rnd.fork("tickets");
  const tickets: Row[] = [];
  const eventsRaw: { at: number; ticketId: number; seq: number; row: Row }[] = [];
  const tags: GeneratedTickets["tags"] = [];
  const supervisions: Row[] = [];
  const rollups = new Map<string, Row>();
  const sequences = new Map<string, number>();

  arrivals.forEach((a, index) => {
    const id = index + 1;
    const source: Source = a.feed === "hotline" ? "hotline" : a.feed === "grid" ? "grid" : "department";
    const channel: Channel =
      a.feed === "hotline" ? (a.storm ? "phone" : r.weighted(HOTLINE_CHANNELS)) : a.feed === "grid" ? "grid_report" : a.feed === "sensor" ? "sensor" : "department_push";

    let matter = a.storm
      ? a.feed === "sensor" || stormOther.length === 0 || r.chance(0.8)
        ? stormTable.draw(r)
        : r.pick(stormOther)
      : matterTable(a.feed, a.at).draw(r);

    let appealType: AppealType = r.weighted(APPEAL_MIX[a.feed]);
    if (a.feed === "hotline" && (CONSULT_LIKE.test(matter.issueName) || (matter.theme === "heating" && !heatingStarted(a.at)))) {
      if (r.chance(0.6)) appealType = "consult";
    }
    if (a.storm && a.feed === "hotline") appealType = r.chance(0.6) ? "help" : "complaint";

    // Place: most hotline calls give an address; consultations often do not need one.
    const unlocated = a.feed === "hotline" && !a.storm && r.chance(appealType === "consult" ? 0.15 : 0.04);
    let cell: SeedCell | null = null;
    if (!unlocated) {
      if (a.storm && matter.theme === "waterlogging" && r.chance(0.75)) cell = lowLyingTable.draw(r);
      else if (a.feed === "grid") cell = gridCells.draw(r);
      else cell = hotlineCells.draw(r);
    }
    if (matter.familyKey) {
      const streetCode = cell?.streetCode ?? r.pick(streetCodes);
      matter = family.get(`${matter.familyKey}/${streetCode}`) ?? matter;
    }
    let lat: number | null = null;
    let lng: number | null = null;
    if (cell) {
      for (let tries = 0; tries < 30 && lat === null; tries++) {
        const y = r.range(cell.minLat, cell.maxLat);
        const x = r.range(cell.minLng, cell.maxLng);
        if (pointInPolygon(y, x, cell.geometry)) {
          lat = Math.round(y * 1e6) / 1e6;
          lng = Math.round(x * 1e6) / 1e6;
        }
      }
      if (lat === null) throw new Error(`could not place a point in cell ${cell.code}`);
    }

    const version = versionAt(matter, a.at);
    const lead = dept(version.leadKey);
    const enterprise = channel === "enterprise_line" || ((matter.domain === "MARKET_REGULATION" || matter.domain === "LABOR_SOCIAL_SECURITY") && r.chance(0.08));
    const company = enterprise ? text.companyName(r) : null;
    const immediate = a.feed === "hotline" && appealType === "consult" && r.chance(channel === "enterprise_line" ? 0.4 : 0.14);
    let wrong: SeedDepartment | null = null;
    if (!immediate && r.chance(0.08)) wrong = wrongDepartment(r, lead, version.coKeys.map(dept), cell ? officeByStreet.get(cell.streetCode) : undefined, departments, matter.domain);
    const escalatable = !immediate && appealType !== "consult" && appealType !== "praise";
    const escalateTo: Loop | null = !escalatable ? null : r.chance(a.storm ? 0.03 : 0.018) ? "middle" : r.chance(0.003) ? "big" : null;
    // Coordination needs partners: the matter's co-departments, else the street office of the place.
    let coIds: number[] = [];
    if (escalateTo) {
      coIds = version.coKeys.map((k) => dept(k).id);
      const office = cell ? officeByStreet.get(cell.streetCode) : undefined;
      if (coIds.length === 0 && office && office.id !== lead.id) coIds = [office.id];
    }

    const address = cell ? text.addressFor(r, cell.text) : null;
    const facts: text.TextFacts = { channel, appealType, matter, address, departmentName: lead.name, storm: a.storm, company };
    const person = a.feed === "hotline" ? text.citizen(r, channel) : { name: null, phone: null };
    const operator = `operator:${r.pick(OPERATORS)}`;
    const creator =
      a.feed === "hotline"
        ? { actor: operator, role: "operator" as const }
        : a.feed === "grid"
          ? { actor: `gridworker:${cell?.text.gridWorker ?? "网格员"}`, role: null }
          : a.feed === "sensor"
            ? { actor: "system:iot", role: null }
            : { actor: `dept:${lead.code}`, role: "department" as const };

    const life = planLifecycle(r, {
      receivedAt: a.at,
      now,
      immediate,
      lead,
      wrong,
      coDepartmentIds: coIds,
      timeLimitDays: matter.timeLimitDays,
      matterId: version.id,
      enterprise,
      storm: a.storm,
      escalateTo,
      creator: { ...creator, payload: { source, channel, suggestedDepartmentId: null } },
      operator,
      supervisor: `supervisor:${r.pick(SUPERVISORS)}`,
      leader: `leader:${r.pick(LEADERS)}`,
      replyText: (second) => text.replyText(r, facts, second),
      immediateText: () => text.immediateAnswer(r, matter),
      returnReason: () => r.pick(text.RETURN_REASONS),
      callbackNote: (s) => r.pick(text.CALLBACK_NOTES[s] ?? ["已回访"]),
      reopenReason: () => r.pick(text.REOPEN_REASONS),
      supervisionNote: () => r.pick(text.SUPERVISION_NOTES),
    });
    const s = life.state;

    const { dateKey } = localParts(a.at);
    const prefix = source === "hotline" ? "RX" : source === "grid" ? "WG" : "BM";
    const seqKey = `${prefix}${dateKey}`;
    const seq = (sequences.get(seqKey) ?? 0) + 1;
    sequences.set(seqKey, seq);

    tickets.push({
      id,
      source,
      external_id: `${seqKey}${String(seq).padStart(5, "0")}`,
      channel,
      appeal_type: appealType,
      title: text.ticketTitle(facts),
      content: text.ticketContent(r, facts),
      address,
      lat,
      lng,
      grid_cell_id: cell?.id ?? null,
      community_id: cell?.communityId ?? null,
      street_id: cell?.streetId ?? null,
      citizen_name: person.name,
      citizen_phone: person.phone,
      status: s.status,
      domain: matter.domain,
      matter_id: version.id,
      department_id: s.departmentId,
      co_department_ids: s.coDepartmentIds,
      loop: s.loop,
      received_at: iso(a.at),
      dispatched_at: iso(s.dispatchedAt),
      due_at: iso(s.dueAt),
      accepted_at: iso(s.acceptedAt),
      replied_at: iso(s.repliedAt),
      closed_at: iso(s.closedAt),
      reply: s.reply,
      satisfaction: s.satisfaction,
      reopen_count: s.reopenCount,
      return_count: s.returnCount,
      supervision_count: s.supervisionCount,
      raw: null,
      updated_at: iso(s.updatedAt),
    });
    life.events.forEach((e, seqNo) => {
      eventsRaw.push({
        at: e.at,
        ticketId: id,
        seq: seqNo,
        row: {
          ticket_id: id,
          type: e.type,
          at: iso(e.at),
          actor: e.actor,
          actor_role: e.actorRole,
          department_id: e.departmentId,
          from_status: e.fromStatus,
          to_status: e.toStatus,
          payload: e.payload,
        },
      });
    });
    for (const sv of life.supervisions) {
      supervisions.push({ id: supervisions.length + 1, ticket_id: id, method: sv.method, note: sv.note, department_id: sv.departmentId, actor: sv.actor, at: iso(sv.at) });
    }

    // Rule tags, as the intake and lifecycle rules would have set them.
    const tag = (code: string, rule: string) => tags.push({ ticket_id: id, code, rule_id: `seed.${rule}` });
    tag(`appeal_type.${appealType}`, "appeal_type");
    tag(`domain.${matter.domain}`, "domain");
    tag(`channel.${channel}`, "channel");
    tag(`source.${source}`, "source");
    tag(`time_band.${timeBand(a.at)}`, "time_band");
    const urgency = a.storm ? r.weighted([["urgent", 55], ["very_urgent", 10], ["normal", 35]] as const) : r.chance(matter.urgent) ? (r.chance(0.1) ? "very_urgent" : "urgent") : "normal";
    tag(`urgency.${urgency}`, "urgency");
    if (enterprise) tag("enterprise_related.yes", "enterprise");
    for (const season of seasons(a.at)) tag(`season.${season}`, "season");
    tag(`loop.${s.loop}`, "loop");
    if (s.satisfaction) tag(`satisfaction.${s.satisfaction}`, "satisfaction");
    if (s.reopenCount > 0) tag("reopened.reopened", "reopened");
    if (s.returnCount > 0) tag("returned.returned", "returned");
    if (immediate && s.status === "closed") tag("immediate_answer.answered", "immediate_answer");
    for (const method of new Set(life.supervisions.map((x) => x.method))) tag(`supervision_method.${method}`, "supervision_method");

    const hour = iso(Math.floor(a.at / 3_600_000) * 3_600_000) as string;
    const rollKey = `${hour}|${cell?.id ?? 0}|${matter.domain}|${source}`;
    const roll = rollups.get(rollKey);
    if (roll) roll.received = (roll.received as number) + 1;
    else {
      rollups.set(rollKey, {
        hour,
        grid_cell_id: cell?.id ?? 0,
        community_id: cell?.communityId ?? 0,
        street_id: cell?.streetId ?? 0,
        domain: matter.domain,
        source,
        received: 1,
      });
    }
  });

  // Event ids follow time across all tickets, as a live hub's audit log would.
  eventsRaw.sort((x, y) => x.at - y.at || x.ticketId - y.ticketId || x.seq - y.seq);
  const events = eventsRaw.map((e, i) => {
    e.row.id = i + 1;
    return e.row;
  });
  return { tickets, events, tags, supervisions, rollups: [...rollups.values()], storms, lowLyingCellIds: lowLying.map((c) => c.id) };
}

function wrongDepartment(
  r: Random,
  lead: SeedDepartment,
  co: SeedDepartment[],
  office: SeedDepartment | undefined,
  all: SeedDepartment[],
  domain: Domain,
): SeedDepartment | null {
  // The usual mistakes: a co-department, the street office instead of the bureau, or a neighbour in the domain.
  const coOthers = co.filter((d) => d.id !== lead.id);
  if (coOthers.length > 0 && r.chance(0.5)) return r.pick(coOthers);
  if (office && office.id !== lead.id && !lead.streetCode && r.chance(0.6)) return office;
  const same = all.filter((d) => d.id !== lead.id && !d.streetCode && d.domains.includes(domain));
  return same.length > 0 ? r.pick(same) : null;
}
