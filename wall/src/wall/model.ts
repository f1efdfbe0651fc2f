// The wall's model: the frame as the hub sends it, the names of its codes (from the product's one
// vocabulary, @cityops/schema/vocabulary) in the wall's language, and district time.
import {
  DOMAIN_LABELS,
  DOMAINS as DOMAIN_CODES,
  districtClock,
  districtHourStart,
  domainLabel,
  labelOf,
  UNCLASSIFIED_DOMAIN,
  UNCLASSIFIED_LABEL,
  VOCABULARY,
  type EnumVocabulary,
  type Label,
} from "@cityops/schema/vocabulary";

export interface WallKpis {
  todayReceived: number;
  todayClosed: number;
  open: number;
  overdue: number;
  closureRate: number | null;
  satisfactionRate: number | null;
  onTimeRate: number | null;
  reopenRate: number | null;
  avgHandlingHours: number | null;
}

export interface FrameTicket {
  id: number;
  at: string;
  source: string;
  channel: string;
  appealType: string;
  domain: string | null;
  streetId: number | null;
  gridCellId: number | null;
  status: string;
  text: string;
}

export interface FrameWarning {
  id: number;
  kind: string;
  severity: string;
  title: string;
  at: string;
  /** Where the warning is (a region of its scope), so the map can pulse it; null when it has no place. */
  regionId?: number | null;
  lat?: number | null;
  lng?: number | null;
}

/** The last 24 hours, counted by the hub (server/src/realtime/wall-window.ts). */
export interface FrameWindow {
  /** Start of the oldest hour of the window (ISO). */
  from: string;
  /** When the hub counted (ISO). */
  at: string;
  /** Hour start (ISO) × domain (UNKNOWN when not classified yet). */
  byHourDomain: { hour: string; domain: string; count: number }[];
  /** source → domain → lead department: null not dispatched yet, "other" the departments the hub folded together. */
  flows: { source: string; domain: string; departmentId: number | null | "other"; count: number }[];
  /** Departments by tickets dispatched to them; ties at the last place included. */
  departmentRanking: { departmentId: number; received: number; closed: number; overdue: number }[];
}

export interface WallFrame {
  seq: number;
  at: string;
  /** Changes when the city's map or departments are loaded anew (cityops load). */
  geoVersion?: string;
  kpis: WallKpis;
  byGridCell: { regionId: number; count: number }[];
  byStreet: { regionId: number; count: number }[];
  byDomain: { domain: string; count: number }[];
  bySource: { source: string; count: number }[];
  latest: FrameTicket[];
  warnings: FrameWarning[];
  last24h: FrameWindow;
}

export type Connection = "connecting" | "open" | "closed";

/**
 * The wall speaks Chinese; `?lang=en` switches its own words to English for visitors. Citizens'
 * text stays as written.
 */
export const ENGLISH = typeof window !== "undefined" && new URLSearchParams(window.location.search).get("lang") === "en";
export const tr = (zh: string, en: string): string => (ENGLISH ? en : zh);

/** A vocabulary name in the wall's language. */
export const say = (l: Label): string => (ENGLISH ? l.en : l.zh);
/** Names a code of an enum as the frame carries it (lowercase, or a GraphQL name in capitals). */
const namer =
  (v: EnumVocabulary) =>
  (code: string): string => {
    const l = labelOf(v, code);
    return l ? say(l) : code;
  };

/** The ten domains of the responsibility list, in the order DOMAIN.md gives them. */
export const DOMAINS: readonly { code: string; name: string }[] = DOMAIN_CODES.map((code) => ({ code, name: say(DOMAIN_LABELS[code]) }));
export const UNKNOWN_DOMAIN = UNCLASSIFIED_DOMAIN;
export const UNCLASSIFIED = say(UNCLASSIFIED_LABEL);
export const domainName = (code: string | null | undefined): string => say(domainLabel(code));

export { SOURCES } from "@cityops/schema/vocabulary";
export const sourceName = namer(VOCABULARY.Source);
export const appealName = namer(VOCABULARY.AppealType);
export const statusName = namer(VOCABULARY.TicketStatus);
export const severityName = namer(VOCABULARY.WarningSeverity);
export const warningKindName = namer(VOCABULARY.WarningKind);
export const isSevere = (severity: string): boolean => severity === "high" || severity === "critical";

// The district keeps Beijing time all year, whatever the wall machine's zone is.
const pad = (n: number) => String(n).padStart(2, "0");
const local = districtClock;

export function clockParts(ms: number): { date: string; weekday: string; time: string } {
  const d = local(ms);
  return {
    date: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    weekday: ENGLISH ? ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][d.getUTCDay()]! : `星期${"日一二三四五六"[d.getUTCDay()]}`,
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
  };
}

export const timeOfDay = (iso: string): string => clockParts(Date.parse(iso)).time;
export const hourMinute = (iso: string): string => clockParts(Date.parse(iso)).time.slice(0, 5);

/** Start of the district-time hour containing ms, as epoch ms. */
export const hourStart = (ms: number): number => districtHourStart(ms).getTime();

export function percent(rate: number | null): string {
  return rate === null ? "--" : (rate * 100).toFixed(1);
}
