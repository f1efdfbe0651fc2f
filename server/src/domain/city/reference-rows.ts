// A city's departments, responsibility list and knowledge base as rows of its own sheets: each row
// checked (a bad one named by its line and reason), then compared with what is stored, so that a
// load knows exactly what it adds, changes and retires — and that loading the same file again
// changes nothing. Pure: load/*.ts reads the files and store/city-load.store.ts writes.

import { DEPARTMENT_KINDS, DOMAIN_LABELS, DOMAINS, districtClock, districtDate, type DepartmentKind, type Domain } from "@cityops/schema/vocabulary";

export interface RowProblem {
  line: number;
  reason: string;
}

export interface Diff<T> {
  added: T[];
  changed: T[];
  unchanged: number;
  /** Keys of stored entries the file no longer has. */
  retired: string[];
}

const list = (v: string) =>
  v
    .split(/[、;；,，\n]/)
    .map((x) => x.trim())
    .filter(Boolean);

// ---------------------------------------------------------------- departments

export interface DepartmentRow {
  line: number;
  code: string;
  name: string;
  kind: DepartmentKind;
  parent: string | null;
  contact: string;
}

const KIND_WORDS: [RegExp, DepartmentKind][] = [
  [/街道|镇|乡|办事处/, "street_office"],
  [/公司|集团|企业|水务|供电|电力|燃气|热力|通信|公用/, "utility"],
  [/局|委|办|厅|署|中心|部门|机关|委员会|大队|支队|所/, "bureau"],
];

/** 类型 as a code (bureau …) or in the city's own words (区住建局 → bureau, 街道办事处 → street_office). */
export function departmentKind(v: string): DepartmentKind | null {
  const s = v.trim();
  if ((DEPARTMENT_KINDS as readonly string[]).includes(s.toLowerCase())) return s.toLowerCase() as DepartmentKind;
  if (!s) return null;
  for (const [re, kind] of KIND_WORDS) if (re.test(s)) return kind;
  return "other";
}

export function departmentRows(rows: { line: number; values: Record<string, string> }[]): { rows: DepartmentRow[]; problems: RowProblem[] } {
  const out: DepartmentRow[] = [];
  const problems: RowProblem[] = [];
  const seen = new Map<string, number>();
  for (const { line, values: v } of rows) {
    const bad = (reason: string) => problems.push({ line, reason });
    const code = v.code!.trim();
    const name = v.name!.trim();
    if (!code) bad("单位编码 (code) is empty");
    if (!name) bad("单位名称 (name) is empty");
    if (!code || !name) continue;
    if (seen.has(code)) {
      bad(`duplicate code ${code} (also line ${seen.get(code)})`);
      continue;
    }
    seen.set(code, line);
    const kind = departmentKind(v.kind ?? "");
    if (!kind) {
      bad("类型 (kind) is empty");
      continue;
    }
    out.push({ line, code, name, kind, parent: v.parent?.trim() || null, contact: v.contact?.trim() ?? "" });
  }
  return { rows: out, problems };
}

// ---------------------------------------------------------------- matters

export interface MatterRowIn {
  line: number;
  /** 事项编码, or the name when the sheet has no codes. */
  key: string;
  name: string;
  domain: Domain;
  leadDepartmentId: number;
  coDepartmentIds: number[];
  legalBasis: string;
  keywords: string[];
  timeLimitDays: number;
}

const DOMAIN_BY_WORD = new Map<string, Domain>([
  ...DOMAINS.map((d) => [d.toLowerCase(), d] as [string, Domain]),
  ...DOMAINS.map((d) => [DOMAIN_LABELS[d].zh, d] as [string, Domain]),
  ...DOMAINS.map((d) => [DOMAIN_LABELS[d].en.toLowerCase(), d] as [string, Domain]),
]);

/** How a sheet names departments: by code or by name. */
export interface DepartmentLookup {
  byCode: ReadonlyMap<string, number>;
  byName: ReadonlyMap<string, number>;
}

function department(lookup: DepartmentLookup, v: string): number | undefined {
  return lookup.byCode.get(v) ?? lookup.byName.get(v);
}

export function matterRows(rows: { line: number; values: Record<string, string> }[], lookup: DepartmentLookup): { rows: MatterRowIn[]; problems: RowProblem[] } {
  const out: MatterRowIn[] = [];
  const problems: RowProblem[] = [];
  const seen = new Map<string, number>();
  for (const { line, values: v } of rows) {
    const reasons: string[] = [];
    const name = v.name!.trim();
    const key = v.key?.trim() || name;
    if (!name) reasons.push("事项名称 (name) is empty");
    const domain = DOMAIN_BY_WORD.get((v.domain ?? "").trim()) ?? DOMAIN_BY_WORD.get((v.domain ?? "").trim().toLowerCase());
    if (!domain) reasons.push(`领域 "${v.domain ?? ""}" is not a domain (${DOMAINS.map((d) => DOMAIN_LABELS[d].zh).join("、")})`);
    const leads = list(v.lead ?? "");
    let lead: number | undefined;
    if (leads.length !== 1) reasons.push(leads.length === 0 ? "主责部门 (lead department) is empty" : `主责部门 names ${leads.length} departments; one leads`);
    else if ((lead = department(lookup, leads[0]!)) === undefined) reasons.push(`主责部门 "${leads[0]}" is not a known department code or name`);
    const co: number[] = [];
    for (const c of list(v.co ?? "")) {
      const id = department(lookup, c);
      if (id === undefined) reasons.push(`配合部门 "${c}" is not a known department code or name`);
      else if (id !== lead && !co.includes(id)) co.push(id);
    }
    const legalBasis = (v.legalBasis ?? "").trim();
    if (!legalBasis) reasons.push("履职依据 (legal basis) is empty");
    const days = Number((v.timeLimit ?? "").trim());
    if (!Number.isInteger(days) || days < 1 || days > 365) reasons.push(`办理时限 "${v.timeLimit ?? ""}" must be whole working days, 1–365`);
    if (name && seen.has(key)) reasons.push(`duplicate matter ${key} (also line ${seen.get(key)})`);
    if (reasons.length) {
      problems.push({ line, reason: reasons.join("; ") });
      continue;
    }
    seen.set(key, line);
    out.push({ line, key, name, domain: domain!, leadDepartmentId: lead!, coDepartmentIds: co, legalBasis, keywords: list(v.keywords ?? ""), timeLimitDays: days });
  }
  return { rows: out, problems };
}

export interface StoredMatter {
  key: string;
  name: string;
  domain: Domain;
  leadDepartmentId: number;
  coDepartmentIds: number[];
  legalBasis: string;
  keywords: string[];
  timeLimitDays: number;
}

const sameMatter = (a: StoredMatter, b: StoredMatter) =>
  a.name === b.name &&
  a.domain === b.domain &&
  a.leadDepartmentId === b.leadDepartmentId &&
  [...a.coDepartmentIds].sort().join() === [...b.coDepartmentIds].sort().join() &&
  a.legalBasis === b.legalBasis &&
  a.keywords.join("、") === b.keywords.join("、") &&
  a.timeLimitDays === b.timeLimitDays;

/**
 * The sheet against the current list: a sheet is the whole list, so a current matter it lacks is
 * retired. Stored matters are found by key, or by name when the sheet names matters without codes.
 */
export function diffMatters(sheet: MatterRowIn[], current: readonly StoredMatter[]): Diff<MatterRowIn> {
  const byKey = new Map(current.map((m) => [m.key, m]));
  const byName = new Map(current.map((m) => [m.name, m]));
  const matched = new Set<string>();
  const diff: Diff<MatterRowIn> = { added: [], changed: [], unchanged: 0, retired: [] };
  for (const row of sheet) {
    const stored = byKey.get(row.key) ?? (row.key === row.name ? byName.get(row.name) : undefined);
    if (!stored) {
      diff.added.push(row);
      continue;
    }
    matched.add(stored.key);
    const next = { ...row, key: stored.key };
    if (sameMatter(stored, next)) diff.unchanged++;
    else diff.changed.push(next);
  }
  diff.retired = current.filter((m) => !matched.has(m.key)).map((m) => m.key);
  return diff;
}

// ---------------------------------------------------------------- knowledge

export interface KnowledgeRow {
  line: number;
  question: string;
  answer: string;
  validFrom: Date | null;
  validTo: Date | null;
}

/** 2026-03-01, 2026/3/1, 2026年3月1日, or a full ISO time; a date starts at midnight Beijing time. */
export function parseDay(v: string): Date | null | "bad" {
  const s = v.trim();
  if (!s) return null;
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const t = districtDate(y, mo, d);
    const check = districtClock(t);
    return check.getUTCMonth() === mo - 1 && check.getUTCDate() === d ? t : "bad";
  }
  const t = new Date(s);
  return /^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(t.getTime()) ? t : "bad";
}

export function knowledgeRows(rows: { line: number; values: Record<string, string> }[]): { rows: KnowledgeRow[]; problems: RowProblem[] } {
  const out: KnowledgeRow[] = [];
  const problems: RowProblem[] = [];
  const seen = new Map<string, number>();
  for (const { line, values: v } of rows) {
    const reasons: string[] = [];
    const question = v.question!.trim();
    const answer = v.answer!.trim();
    if (!question) reasons.push("问题 (question) is empty");
    if (!answer) reasons.push("答复 (answer) is empty");
    const from = parseDay(v.validFrom ?? "");
    const to = parseDay(v.validTo ?? "");
    if (from === "bad") reasons.push(`生效日期 "${v.validFrom}" is not a date`);
    if (to === "bad") reasons.push(`失效日期 "${v.validTo}" is not a date`);
    if (from instanceof Date && to instanceof Date && to <= from) reasons.push("失效日期 is not after 生效日期");
    if (question && seen.has(question)) reasons.push(`duplicate question (also line ${seen.get(question)})`);
    if (reasons.length) {
      problems.push({ line, reason: reasons.join("; ") });
      continue;
    }
    seen.set(question, line);
    out.push({ line, question, answer, validFrom: from as Date | null, validTo: to as Date | null });
  }
  return { rows: out, problems };
}
