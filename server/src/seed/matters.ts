// The demo responsibility list: ~5,800 matters expanded from the templates, each with a stable key
// (M00001..), a lead department consistent with its domain, co-departments, a legal basis and the
// words callers use. About 3% of the matters have 2–3 versions, as when a law is revised or a
// reorganisation moves a duty, so that "as of" queries and versioned dispatch have data to show.

import { DISTRICT_UTC_OFFSET_MS, type Domain } from "@cityops/schema/vocabulary";
import type { DepartmentSpec } from "./departments.js";
import { streetOfficeKey } from "./departments.js";
import { GROUPS_A, type MatterGroup, type MatterTheme } from "./matter-templates.js";
import { GROUPS_B, TERRITORIAL_ITEMS } from "./matter-templates-2.js";
import type { Random } from "./random.js";

export interface MatterVersionSpec {
  /** Row id in `matters`: one per version. */
  id: number;
  version: number;
  leadKey: string;
  coKeys: string[];
  legalBasis: string;
  validFrom: Date;
  validTo: Date | null;
  changeNote: string | null;
  changedBy: string | null;
}

export interface MatterSpec {
  key: string;
  name: string;
  domain: Domain;
  keywords: string[];
  timeLimitDays: number;
  theme: MatterTheme | null;
  urgent: number;
  sensor: string | null;
  /** Place and subject as a caller would name them, for ticket text. */
  subject: string;
  issueName: string;
  issuePhrase: string;
  /** Share of its domain's tickets. */
  weight: number;
  /** Territorial matters: the street whose office leads, and the item shared by the 8 streets. */
  streetCode: string | null;
  familyKey: string | null;
  /** Oldest first; the last one is current (validTo null). */
  versions: MatterVersionSpec[];
}

interface Part {
  name: string;
  keywords: string[];
  phrase: string;
}

function parseList(list: string | undefined): Part[] {
  if (list === undefined) return [{ name: "", keywords: [], phrase: "" }];
  return list.split(";").map((item) => {
    const [name = "", kw = "", phrase = ""] = item.split("|");
    const keywords = kw ? kw.split(",").filter(Boolean) : name ? [name] : [];
    return { name, keywords, phrase };
  });
}

/** Chinese numeral for 1..9999, as in article numbers (第一百零五条). */
export function chineseArticleNumber(n: number): string {
  const digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
  const units = ["千", "百", "十", ""];
  const s = String(n).padStart(4, "0");
  let out = "";
  let zero = false;
  for (let i = 0; i < 4; i++) {
    const d = Number(s[i]);
    if (d === 0) {
      if (out) zero = true;
      continue;
    }
    if (zero) out += "零";
    zero = false;
    out += (digits[d] ?? "") + (units[i] ?? "");
  }
  // 十四, not 一十四: the leading one is dropped below twenty.
  return n >= 10 && n < 20 ? out.slice(1) : out;
}

function legalBasis(rnd: Random, laws: readonly string[]): string {
  const [title = "", maxText = "30"] = rnd.pick(laws).split(":");
  const max = Number(maxText);
  // Duties sit in the body of a law, rarely in its first general articles.
  const article = rnd.int(Math.max(2, Math.floor(max * 0.15)), max);
  return `《${title}》第${chineseArticleNumber(article)}条`;
}

function pickKeywords(rnd: Random, place: Part, subject: Part, issue: Part): string[] {
  const out: string[] = [];
  const add = (w: string | undefined) => {
    if (w && !out.includes(w)) out.push(w);
  };
  if (place.keywords.length > 0 && rnd.chance(0.6)) add(rnd.pick(place.keywords));
  for (const w of rnd.sample(subject.keywords, rnd.int(1, 2))) add(w);
  for (const w of rnd.sample(issue.keywords, rnd.int(1, 3))) add(w);
  if (out.length < 2) add(issue.name);
  if (out.length < 2) add(place.name);
  return out.slice(0, 6);
}

const DAY = 24 * 3600 * 1000;

interface Draft extends Omit<MatterSpec, "key" | "versions" | "weight"> {
  rawWeight: number;
  groupKey: string;
  leadKey: string;
  coKeys: string[];
  laws: readonly string[];
  legalBasis: string;
}

/**
 * Expands the templates into matters. Deterministic for a given random stream; `now` only places
 * the version dates, so the list reads "as of" the seed date.
 */
export function buildMatters(rnd: Random, departments: readonly DepartmentSpec[], streetCodes: readonly string[], now: Date): MatterSpec[] {
  const byKey = new Map(departments.map((d) => [d.key, d]));
  const need = (key: string) => {
    const d = byKey.get(key);
    if (!d) throw new Error(`matter template names unknown department ${key}`);
    return d;
  };
  const drafts: Draft[] = [];
  const groupWeights = new Map<string, { domain: Domain; weight: number }>();
  const seen = new Set<string>();

  [...GROUPS_A, ...GROUPS_B].forEach((g: MatterGroup, gi) => {
    const lead = need(g.lead);
    if (!lead.domains.includes(g.domain)) throw new Error(`lead ${g.lead} does not serve ${g.domain}`);
    const coKeys = (g.co ?? []).filter((k) => k !== g.lead);
    coKeys.forEach(need);
    const groupKey = `g${gi}`;
    groupWeights.set(groupKey, { domain: g.domain, weight: g.weight ?? 1 });
    const [lo, hi] = g.limit ?? [3, 7];
    for (const place of parseList(g.places)) {
      for (const subject of parseList(g.subjects)) {
        for (const issue of parseList(g.issues)) {
          const name = `${place.name}${subject.name}${issue.name}`;
          if (seen.has(name)) continue;
          seen.add(name);
          drafts.push({
            name,
            domain: g.domain,
            keywords: pickKeywords(rnd, place, subject, issue),
            timeLimitDays: rnd.int(lo, hi),
            theme: g.theme ?? null,
            urgent: g.urgent ?? 0.03,
            sensor: g.sensor ?? null,
            subject: `${place.name}${subject.name}`,
            issueName: issue.name,
            issuePhrase: issue.phrase || issue.name,
            streetCode: null,
            familyKey: null,
            rawWeight: Math.exp(1.1 * rnd.normal()),
            groupKey,
            leadKey: g.lead,
            coKeys: rnd.sample(coKeys, rnd.weighted([[0, 0.35], [1, 0.45], [2, 0.2]])),
            laws: g.laws,
            legalBasis: legalBasis(rnd, g.laws),
          });
        }
      }
    }
  });

  // Territorial items: one matter per street, all in one family that tickets resolve by place.
  const streetNames = new Map(departments.filter((d) => d.streetCode).map((d) => [d.streetCode as string, d.name]));
  TERRITORIAL_ITEMS.forEach((t, ti) => {
    const [item = "", kw = "", phrase = ""] = t.item.split("|");
    const groupKey = `t-${t.domain}`;
    groupWeights.set(groupKey, { domain: t.domain, weight: TERRITORIAL_GROUP_WEIGHT[t.domain] });
    const limit = rnd.int(3, 7);
    const keywords = kw.split(",").filter(Boolean).slice(0, 6);
    for (const streetCode of streetCodes) {
      const office = need(streetOfficeKey(streetCode));
      const streetName = (streetNames.get(streetCode) ?? office.name).replace(/(人民政府|办事处)$/, "");
      drafts.push({
        name: `${streetName}辖区${item}`,
        domain: t.domain,
        keywords: keywords.length >= 2 ? keywords : [...keywords, item],
        timeLimitDays: limit,
        theme: null,
        urgent: 0.02,
        sensor: null,
        subject: "",
        issueName: item,
        issuePhrase: phrase,
        streetCode,
        familyKey: `T${String(ti + 1).padStart(2, "0")}`,
        // The family's weight is carried by each street's copy in equal parts.
        rawWeight: t.weight / streetCodes.length,
        groupKey,
        leadKey: office.key,
        coKeys: t.co.filter((k) => byKey.has(k)).slice(0, 2),
        laws: TERRITORIAL_LAWS,
        legalBasis: legalBasis(rnd, TERRITORIAL_LAWS),
      });
    }
  });

  // Normalise: a matter's weight is its share of its domain (group share × share within group).
  const groupSums = new Map<string, number>();
  for (const d of drafts) groupSums.set(d.groupKey, (groupSums.get(d.groupKey) ?? 0) + d.rawWeight);
  const domainGroupSums = new Map<Domain, number>();
  for (const g of groupWeights.values()) domainGroupSums.set(g.domain, (domainGroupSums.get(g.domain) ?? 0) + g.weight);

  let nextId = 1;
  const vrnd = rnd.fork("versions");
  const listStart = new Date(Math.floor((now.getTime() - 3 * 365 * DAY) / DAY) * DAY - DISTRICT_UTC_OFFSET_MS);
  return drafts.map((d, i) => {
    const g = groupWeights.get(d.groupKey);
    const weight = ((g?.weight ?? 1) / (domainGroupSums.get(d.domain) ?? 1)) * (d.rawWeight / (groupSums.get(d.groupKey) ?? 1));
    const versionCount = vrnd.chance(0.03) ? vrnd.int(2, 3) : 1;
    const versions = buildVersions(vrnd, d, versionCount, listStart, now, byKey, () => nextId++);
    const { rawWeight: _w, groupKey: _g, leadKey: _l, coKeys: _c, laws: _laws, legalBasis: _lb, ...rest } = d;
    return { ...rest, key: `M${String(i + 1).padStart(5, "0")}`, weight, versions };
  });
}

/** Share of each domain's tickets that falls on street offices' territorial lists. */
const TERRITORIAL_GROUP_WEIGHT: Record<Domain, number> = {
  URBAN_RURAL_CONSTRUCTION: 3,
  CITY_MANAGEMENT: 4,
  ECOLOGY_ENVIRONMENT: 0,
  MARKET_REGULATION: 0,
  TRANSPORT: 0,
  SOCIAL_SERVICES: 0,
  LABOR_SOCIAL_SECURITY: 0,
  PUBLIC_SAFETY: 1.5,
  AGRICULTURE_RURAL: 3,
  CIVIL_AFFAIRS_COMMUNITY: 3,
};

const TERRITORIAL_LAWS = ["山东省街道办事处工作条例:40", "城市居民委员会组织法:23", "山东省乡镇人民政府工作条例:45"];

function buildVersions(
  rnd: Random,
  d: Draft,
  count: number,
  listStart: Date,
  now: Date,
  byKey: Map<string, DepartmentSpec>,
  nextId: () => number,
): MatterVersionSpec[] {
  // Change dates: mostly long ago, one in four inside the last three months so that tickets of the
  // demo window meet both versions.
  const changes: number[] = [];
  for (let v = 1; v < count; v++) {
    const recent = rnd.chance(0.25);
    const daysAgo = recent ? rnd.int(5, 85) : rnd.int(100, 2 * 365);
    changes.push(now.getTime() - daysAgo * DAY);
  }
  changes.sort((a, b) => a - b);
  const froms = [listStart.getTime(), ...changes];
  let lead = d.leadKey;
  let co = d.coKeys;
  let basis = d.legalBasis;
  const out: MatterVersionSpec[] = [];
  for (let v = 0; v < count; v++) {
    let changeNote: string | null = null;
    if (v > 0) {
      const candidates = co.filter((k) => byKey.get(k)?.domains.includes(d.domain));
      if (candidates.length > 0 && rnd.chance(0.5)) {
        const newLead = rnd.pick(candidates);
        changeNote = `机构职能调整，牵头部门由${byKey.get(lead)?.name ?? lead}调整为${byKey.get(newLead)?.name ?? newLead}`;
        co = [lead, ...co.filter((k) => k !== newLead)].slice(0, 2);
        lead = newLead;
      } else {
        const old = basis;
        for (let tries = 0; tries < 5 && basis === old; tries++) basis = legalBasis(rnd, d.laws);
        changeNote = basis === old ? "履职依据条款表述修订" : `法规修订，履职依据由${old}调整为${basis}`;
      }
    }
    const validTo = v + 1 < count ? new Date(froms[v + 1] as number) : null;
    out.push({
      id: nextId(),
      version: v + 1,
      leadKey: lead,
      coKeys: co.filter((k) => k !== lead),
      legalBasis: basis,
      validFrom: new Date(froms[v] as number),
      validTo,
      changeNote,
      changedBy: v > 0 ? "staffing_office:区委编办" : null,
    });
  }
  return out;
}

/** The version in force at a moment (validFrom ≤ at < validTo), or the first when before all. */
export function versionAt(m: MatterSpec, at: number): MatterVersionSpec {
  for (const v of m.versions) {
    if (v.validFrom.getTime() <= at && (v.validTo === null || at < v.validTo.getTime())) return v;
  }
  const first = m.versions[0];
  if (!first) throw new Error(`matter ${m.key} has no versions`);
  return first;
}
