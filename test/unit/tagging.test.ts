import { describe, expect, it } from "vitest";
import { DEMO_PLACES, TAG_TAXONOMY } from "@cityops/schema";
import { holidayOn, inWindow } from "../../server/src/domain/tagging/calendar.js";
import { EXCLUSIVE, applyRules, categoriesCovered, categoryOf, collectiveWindows, evaluate, historyCaps, historyWindows } from "../../server/src/domain/tagging/evaluate.js";
import { AT_INTAKE, buildFacts, placeNameIndex, placeOf, type TicketBasics } from "../../server/src/domain/tagging/facts.js";
import { distanceTo, nearbyPlaces } from "../../server/src/domain/tagging/places.js";
import { RULE_SET } from "../../server/src/domain/tagging/rules/index.js";
import type { TagFacts, TagRule } from "../../server/src/domain/tagging/types.js";

// 2026-03-10 is a Tuesday; 10:00 Beijing = 02:00Z.
const TUESDAY_10 = new Date("2026-03-10T02:00:00Z");

const basics = (over: Partial<TicketBasics> = {}): TicketBasics => ({
  source: "hotline",
  channel: "phone",
  appealType: "complaint",
  domain: "CITY_MANAGEMENT",
  title: null,
  content: "小区门口垃圾堆放",
  address: null,
  receivedAt: TUESDAY_10,
  lat: null,
  lng: null,
  cellCode: null,
  communityCode: null,
  streetCode: null,
  matterMatched: true,
  matterTimeLimitDays: 5,
  byPrecedent: false,
  ...over,
});

const facts = (over: Partial<TicketBasics> = {}, extra: Partial<TagFacts> = {}): TagFacts => ({
  ...buildFacts(basics(over), AT_INTAKE, { places: DEMO_PLACES, placeNames: [], history: {}, collective: {}, now: TUESDAY_10 }),
  ...extra,
});

const rule = (id: string): TagRule => {
  const r = RULE_SET.rules.find((x) => x.id === id);
  if (!r) throw new Error(`no rule ${id}`);
  return r;
};

const codes = (f: TagFacts) => applyRules(RULE_SET, f).map((t) => t.code);

describe("the rule set", () => {
  const known = new Set(TAG_TAXONOMY.flatMap((c) => c.tags.map((t) => t.code)));

  it("sets only tags that exist in the taxonomy", () => {
    const unknown = RULE_SET.rules.filter((r) => !known.has(r.tag)).map((r) => `${r.id} → ${r.tag}`);
    expect(unknown).toEqual([]);
  });

  it("can set tags in at least 30 categories of the taxonomy", () => {
    const covered = categoriesCovered(RULE_SET);
    expect(covered.length, covered.join(", ")).toBeGreaterThanOrEqual(30);
  });

  it("has unique rule ids, a version and confidences between 0 and 1", () => {
    const ids = RULE_SET.rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(RULE_SET.version).toMatch(/\S/);
    for (const r of RULE_SET.rules) expect(r.confidence > 0 && r.confidence <= 1, r.id).toBe(true);
  });

  it("records the rule and the rule set's version on every tag", () => {
    const tags = applyRules(RULE_SET, facts());
    expect(tags.length).toBeGreaterThan(5);
    for (const t of tags) expect(t.ruleId).toMatch(new RegExp(`^[\\w.]+@${RULE_SET.version.replace(".", "\\.")}$`));
  });

  it("asks the store for exactly the history and collective windows its rules use", () => {
    expect(historyWindows(RULE_SET)).toEqual(expect.arrayContaining([{ by: "phone", withinDays: 30 }, { by: "address", withinDays: 30 }, { by: "phone", withinDays: 7 }]));
    expect(collectiveWindows(RULE_SET)).toEqual(expect.arrayContaining([{ scope: "grid_cell", withinHours: 6 }, { scope: "community", withinHours: 24 }]));
  });
});

describe("history count caps", () => {
  it("stop each key's count at the largest threshold its rules ask for", () => {
    const rule = (id: string, by: "phone" | "address", atLeast: number): TagRule => ({ id, tag: "repeated.repeated", when: { kind: "history", by, withinDays: 30, atLeast }, confidence: 1, note: "test" });
    const set = { ...RULE_SET, rules: [rule("a", "phone", 1), rule("b", "phone", 4), rule("c", "address", 2)] };
    expect(Object.fromEntries(historyCaps(set))).toEqual({ phone: 4, address: 2 });
    expect(Object.fromEntries(historyCaps(RULE_SET))).toEqual({ phone: 3, address: 2 });
  });
});

describe("keyword rules", () => {
  it("tag a gas smell as very urgent, to be handled immediately, at critical risk", () => {
    const f = facts({ content: "楼道里闻到很浓的煤气味，怕出危险" });
    expect(evaluate(rule("keyword.very_urgent"), f)).toBe(true);
    expect(codes(f)).toEqual(expect.arrayContaining(["urgency.very_urgent", "time_limit.immediate", "risk_level.critical"]));
  });

  it("keep one value in single-valued categories: very urgent beats urgent and normal", () => {
    const got = codes(facts({ content: "马上就要爆炸了，非常危险" })).filter((c) => c.startsWith("urgency."));
    expect(got).toEqual(["urgency.very_urgent"]);
  });

  it("do not fire on a negation", () => {
    const f = facts({ content: "不紧急，路灯有点暗，有空来看看" });
    expect(evaluate(rule("keyword.urgent"), f)).toBe(false);
    expect(codes(f)).toContain("urgency.normal");
  });

  it("read the title as well as the content", () => {
    expect(evaluate(rule("keyword.elderly"), facts({ title: "独居老人求助", content: "家里没人照看" }))).toBe(true);
  });

  it("find sentiment, special groups and sensitive topics", () => {
    const got = codes(facts({ content: "家里有老人和孩子，半夜吵得睡不着，再不解决就找媒体曝光" }));
    expect(got).toEqual(expect.arrayContaining(["sentiment.anxious", "special_group.elderly", "special_group.minor", "sensitive_topic.media_exposure"]));
    expect(got).not.toContain("sentiment.calm");
  });

  it("mark enterprise requests and guess the enterprise type from its name", () => {
    const got = codes(facts({ content: "烟台凯瑞科技有限公司反映营业执照变更一直办不下来" }));
    expect(got).toEqual(expect.arrayContaining(["enterprise_related.yes", "enterprise_type.high_tech", "enterprise_type.private", "target.enterprise"]));
  });
});

describe("field rules", () => {
  it("mirror appeal type, channel, source and the suggested domain", () => {
    const got = codes(facts({ appealType: "consult", channel: "wechat", domain: "TRANSPORT" }));
    expect(got).toEqual(expect.arrayContaining(["appeal_type.consult", "channel.wechat", "source.hotline", "domain.TRANSPORT"]));
  });

  it("call everything on the enterprise line enterprise-related, with full confidence", () => {
    const tags = applyRules(RULE_SET, facts({ channel: "enterprise_line", content: "咨询一下申报流程" }));
    expect(tags.find((t) => t.code === "enterprise_related.yes")).toMatchObject({ ruleId: `enterprise.line@${RULE_SET.version}`, confidence: 1 });
  });

  it("take the time limit from the matter unless urgency words shorten it", () => {
    expect(codes(facts({ matterTimeLimitDays: 15 }))).toContain("time_limit.within_15d");
    expect(codes(facts({ matterTimeLimitDays: 15, content: "小区突然停水了" }))).toContain("time_limit.within_24h");
  });

  it("say whether the list covered the request", () => {
    expect(codes(facts({ matterMatched: false }))).toEqual(expect.arrayContaining(["matter_match.unmatched", "responsibility_status.unlisted"]));
    expect(codes(facts({ matterMatched: true, byPrecedent: true }))).toEqual(expect.arrayContaining(["matter_match.matched", "precedent_used.applied"]));
  });

  it("follow the lifecycle when re-tagging: callback, reopen, returns, supervision, deadline", () => {
    const now = new Date("2026-03-20T00:00:00Z");
    const got = codes(
      facts({}, {
        status: "in_progress", satisfaction: "dissatisfied", reopenCount: 1, returnCount: 2, supervisionMethods: ["phone"], loop: "middle",
        dueAt: new Date("2026-03-19T00:00:00Z"), repliedAt: null, now,
      }),
    );
    expect(got).toEqual(
      expect.arrayContaining([
        "satisfaction.dissatisfied", "reopened.reopened", "returned.returned", "responsibility_status.disputed", "supervision_method.phone",
        "loop.middle", "timeliness.overdue", "assessment.deducted",
      ]),
    );
  });
});

describe("time rules", () => {
  it("know the night shift by Beijing time whatever the server's zone", () => {
    expect(inWindow(new Date("2026-03-10T15:30:00Z"), "night")).toBe(true); // 23:30 Beijing
    expect(inWindow(new Date("2026-03-10T02:00:00Z"), "night")).toBe(false); // 10:00 Beijing
    expect(codes(facts({ receivedAt: new Date("2026-03-10T15:30:00Z") }))).toContain("time_band.night");
  });

  it("know the statutory holidays of 2025 and 2026, and prefer them to night or weekend", () => {
    expect(holidayOn(new Date("2026-02-17T04:00:00Z"))).toBe("春节");
    expect(holidayOn(new Date("2025-10-08T04:00:00Z"))).toBe("国庆节、中秋节");
    expect(holidayOn(new Date("2025-10-09T04:00:00Z"))).toBeNull();
    const bands = codes(facts({ receivedAt: new Date("2026-10-01T16:00:00Z") })).filter((c) => c.startsWith("time_band."));
    expect(bands).toEqual(["time_band.holiday"]);
  });

  it("know flood season, heating season and their edges", () => {
    expect(codes(facts({ receivedAt: new Date("2026-06-01T01:00:00Z") }))).toContain("season.flood_season");
    expect(codes(facts({ receivedAt: new Date("2026-05-31T01:00:00Z") }))).not.toContain("season.flood_season");
    expect(codes(facts({ receivedAt: new Date("2025-12-31T20:00:00Z") }))).toContain("season.heating_season");
    expect(codes(facts({ receivedAt: new Date("2026-04-05T01:00:00Z") }))).not.toContain("season.heating_season");
  });
});

describe("place rules", () => {
  const school = DEMO_PLACES.find((p) => p.name === "八角中学")!;
  const [schoolLat, schoolLng] = school.points[0]!;

  it("measure distance to a school point and to a river's line", () => {
    expect(distanceTo(schoolLat, schoolLng + 0.001, school)).toBeGreaterThan(80);
    expect(distanceTo(schoolLat, schoolLng + 0.001, school)).toBeLessThan(100);
    const river = DEMO_PLACES.find((p) => p.name === "夹河")!;
    expect(distanceTo(37.545, 121.3485, river)).toBeLessThan(50); // between two vertices, on the line
  });

  it("find a school near the coordinates, or named in the text", () => {
    expect(nearbyPlaces({ lat: schoolLat, lng: schoolLng + 0.001 }, "", DEMO_PLACES).map((p) => p.name)).toContain("八角中学");
    expect(nearbyPlaces(null, "古现小学门口", DEMO_PLACES)).toEqual([{ kind: "school", name: "古现小学", meters: 0 }]);
  });

  it("treat traffic at a school gate as a minors' matter at medium risk, but not far away", () => {
    const near = facts({ domain: "TRANSPORT", content: "学校门口车辆乱停", lat: schoolLat, lng: schoolLng + 0.001 });
    expect(evaluate(rule("place.near_school_risk"), near)).toBe(true);
    expect(codes(near)).toEqual(expect.arrayContaining(["special_group.minor", "risk_level.medium"]));
    const far = facts({ domain: "TRANSPORT", content: "路口车辆乱停", lat: schoolLat + 0.02, lng: schoolLng });
    expect(evaluate(rule("place.near_school_risk"), far)).toBe(false);
  });

  it("raise water on a river bank in flood season to high risk, and not in winter", () => {
    const summer = facts({ content: "河边积水很深", lat: 37.545, lng: 121.3485, receivedAt: new Date("2026-07-15T02:00:00Z") });
    expect(evaluate(rule("place.river_flood"), summer)).toBe(true);
    const winter = facts({ content: "河边积水很深", lat: 37.545, lng: 121.3485, receivedAt: new Date("2026-01-15T02:00:00Z") });
    expect(evaluate(rule("place.river_flood"), winter)).toBe(false);
  });

  it("match listed grid cells and streets by code", () => {
    const f = facts({ content: "暴雨后积水", cellCode: "ST08-C02-G04", communityCode: "ST08-C02", streetCode: "ST08", lat: 37.52, lng: 121.35, receivedAt: new Date("2026-07-15T02:00:00Z") });
    expect(evaluate(rule("place.river_bank_cells"), f)).toBe(true);
    expect(evaluate(rule("place.beach_tourist"), { ...f, streetCode: "ST04", domain: "PUBLIC_SAFETY" })).toBe(true);
  });

  it("place an address without coordinates by the community or street it names", () => {
    const names = placeNameIndex([
      { level: "street", code: "ST04", name: "金沙滩街道", streetCode: null },
      { level: "community", code: "ST04-C01", name: "金沙社区", streetCode: "ST04" },
    ]);
    expect(placeOf({ address: "金沙滩街道海滨路1号", cellCode: null, communityCode: null, streetCode: null }, names)).toEqual({ level: "street", communityCode: null, streetCode: "ST04" });
    expect(placeOf({ address: "金沙滩街道金沙社区", cellCode: null, communityCode: null, streetCode: null }, names)).toEqual({ level: "community", communityCode: "ST04-C01", streetCode: "ST04" });
    expect(placeOf({ address: null, cellCode: null, communityCode: null, streetCode: null }, names).level).toBe("none");
  });
});

describe("history and collective rules", () => {
  it("tag a caller who called within 30 days as repeated", () => {
    expect(evaluate(rule("history.same_phone_30d"), facts({}, { history: { "phone:30": 1 } }))).toBe(true);
    expect(evaluate(rule("history.same_phone_30d"), facts({}, { history: { "phone:30": 0 } }))).toBe(false);
  });

  it("need two earlier tickets from one address", () => {
    expect(evaluate(rule("history.same_address_30d"), facts({}, { history: { "address:30": 1 } }))).toBe(false);
    expect(evaluate(rule("history.same_address_30d"), facts({}, { history: { "address:30": 2 } }))).toBe(true);
  });

  it("tag several distinct callers on one matter in one cell within hours as collective", () => {
    expect(evaluate(rule("collective.cell_6h"), facts({}, { collective: { "grid_cell:6": 3 } }))).toBe(true);
    expect(evaluate(rule("collective.cell_6h"), facts({}, { collective: { "grid_cell:6": 2 } }))).toBe(false);
    expect(codes(facts({}, { collective: { "community:24": 12 } }))).toEqual(expect.arrayContaining(["collective.collective", "risk_level.high"]));
  });
});

describe("the rules a ticket's words make worth trying", () => {
  /** Every rule tried, each keyword condition answered by searching the text: what applyRules must equal. */
  const everyRule = (f: TagFacts) => {
    const byCode = new Map<string, TagRule>();
    for (const r of RULE_SET.rules) if (evaluate(r, f) && (!byCode.has(r.tag) || r.confidence > byCode.get(r.tag)!.confidence)) byCode.set(r.tag, r);
    const rank = (r: TagRule) => (r.priority ?? 0) * 10 + r.confidence;
    const winners = new Map<string, TagRule>();
    const out: string[] = [];
    for (const r of byCode.values()) {
      if (!EXCLUSIVE.has(categoryOf(r.tag))) out.push(r.tag);
      else if (!winners.has(categoryOf(r.tag)) || rank(r) > rank(winners.get(categoryOf(r.tag))!)) winners.set(categoryOf(r.tag), r);
    }
    return [...out, ...[...winners.values()].map((r) => r.tag)].sort();
  };

  it("gives every ticket the tags that trying every rule gives", () => {
    const words = [...new Set(RULE_SET.rules.flatMap((r) => [r.when, ...(r.and ?? [])]).flatMap((c) => (c.kind === "keyword" ? [...c.any, ...(c.all ?? []), ...(c.none ?? [])] : [])))];
    const channels = ["phone", "wechat", "app", "web", "enterprise_line"] as const;
    const appeals = ["complaint", "consult", "help", "report", "suggestion", "praise"] as const;
    let seed = 11;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    // Every value some field rule wants, given to some of the tickets.
    const wanted = RULE_SET.rules.flatMap((r) => [r.when, ...(r.and ?? [])]).flatMap((c) => (c.kind === "field" ? c.equals.map((v) => [c.field, v] as const) : []));
    let tagged = 0;
    for (let n = 0; n < 1000; n++) {
      let content = "";
      for (let k = 0; k < 5; k++) content += next() < 0.6 ? words[Math.floor(next() * words.length)] : "，市民反映";
      const extra = Object.fromEntries(Array.from({ length: 3 }, () => wanted[Math.floor(next() * wanted.length)]!)) as Partial<TagFacts>;
      const f = facts({ content, channel: channels[n % channels.length], appealType: appeals[n % appeals.length], receivedAt: new Date(TUESDAY_10.getTime() + n * 3_517_000) }, extra);
      const ours = codes(f).sort();
      expect(ours, content).toEqual(everyRule(f));
      tagged += ours.length;
    }
    expect(tagged).toBeGreaterThan(5000);
  });
});
