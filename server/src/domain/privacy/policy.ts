import type { Role } from "@cityops/schema/vocabulary";
import { findPersonalData, type PiiSpan } from "./pii.js";

/**
 * The one privacy policy of the hub: what each reader may see of a ticket's people and places.
 * Every surface (GraphQL, WebSocket, Open311, reports, the wall frame) reads tickets through
 * `viewTicket` or the field functions below, with the view of its reader's role; anonymous
 * readers (Open311 without a key in demo mode) are the public and get the wall's view.
 */

/** Names, phones, ID and bank numbers, plates, e-mail: in full, masked (138****1234, 张**), or not at all. */
export type PersonalDataView = "clear" | "masked" | "none";
/** Where: the exact address, the address without its building/room part, or only the street and community. */
export type PlaceView = "exact" | "house" | "area";

export interface PrivacyView {
  person: PersonalDataView;
  place: PlaceView;
}

/**
 * Operators and supervisors talk to citizens; departments go to the place but do not call (the
 * hotline does); leaders and the staffing office see cases, not homes; the wall and the public
 * see neither people nor homes.
 */
const VIEWS: Record<Role, PrivacyView> = {
  operator: { person: "clear", place: "exact" },
  supervisor: { person: "clear", place: "exact" },
  department: { person: "masked", place: "exact" },
  leader: { person: "masked", place: "house" },
  staffing_office: { person: "masked", place: "house" },
  admin: { person: "masked", place: "house" },
  wall: { person: "none", place: "area" },
};

export const PUBLIC_VIEW: PrivacyView = VIEWS.wall;
/** Reports are documents that circulate beyond their author: people masked, no building or room. */
export const REPORT_VIEW: PrivacyView = VIEWS.leader;

export function privacyView(role: Role | null): PrivacyView {
  return role === null ? PUBLIC_VIEW : VIEWS[role];
}

export function personalDataView(role: Role): PersonalDataView {
  return VIEWS[role].person;
}

/** 13812341234 → 138****1234; shorter numbers keep only their last two digits. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/[\s-]+/g, "");
  if (digits.length >= 11) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  if (digits.length <= 2) return "*".repeat(digits.length);
  return `${"*".repeat(digits.length - 2)}${digits.slice(-2)}`;
}

/** 张三丰 → 张**; keeps the family name, which is how call-center staff address people. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return "";
  if (/^[\u4e00-\u9fff]/.test(chars[0]!)) return chars[0] + "*".repeat(Math.max(1, chars.length - 1));
  return chars[0] + "***";
}

export function viewPhone(phone: string | null, view: PersonalDataView): string | null {
  if (phone === null || view === "none") return null;
  return view === "clear" ? phone : maskPhone(phone);
}

export function viewName(name: string | null, view: PersonalDataView): string | null {
  if (name === null || view === "none") return null;
  return view === "clear" ? name : maskName(name);
}

const stars = (s: string) => "*".repeat(s.length);

/** A span as a masked reader sees it: enough to tell two apart on a call, not to use. */
function maskedSpan(span: PiiSpan, value: string): string {
  switch (span.kind) {
    case "phone":
      return maskPhone(value);
    case "id":
      return value.length > 10 ? `${value.slice(0, 6)}${stars(value.slice(6, -4))}${value.slice(-4)}` : stars(value);
    case "bank":
      return `${stars(value.slice(0, -4))}${value.slice(-4)}`;
    case "name":
      return maskName(value);
    case "email": {
      const at = value.indexOf("@");
      return `${value[0]}***${value.slice(at)}`;
    }
    case "plate":
      return `${value.slice(0, 2)}${stars(value.slice(2))}`;
    case "surname":
    case "room":
      return stars(value);
  }
}

/**
 * Free text (content, title, reply, notes) as `view` may see it. The wall's and the public's
 * view replaces every character of personal data by one `*`, so the text keeps its length.
 */
export function viewText(text: string, view: PrivacyView, citizenName?: string | null): string {
  if (view.person === "clear" && view.place === "exact") return text;
  let out = "";
  let at = 0;
  for (const span of findPersonalData(text, citizenName)) {
    const isPlace = span.kind === "room";
    if (isPlace ? view.place === "exact" : view.person === "clear") continue;
    const value = text.slice(span.start, span.end);
    out += text.slice(at, span.start) + (view.person === "none" ? stars(value) : maskedSpan(span, value));
    at = span.end;
  }
  return out + text.slice(at);
}

/** What a reader may know of where a ticket is: its street and community names, its cell's centre. */
export interface TicketPlace {
  /** "望京街道 · 花家地社区", or null when the ticket was not placed. */
  area: string | null;
  /** The centre of its grid cell, or null when it is in none. */
  cellCentre: { lat: number; lng: number } | null;
}

export function viewAddress(address: string | null, view: PrivacyView, place: TicketPlace, citizenName?: string | null): string | null {
  if (view.place === "area") return place.area;
  if (address === null) return null;
  return view.place === "exact" ? address : viewText(address, { person: view.person, place: "house" }, citizenName);
}

/** Coordinates: exact, or for the area view the centre of the ticket's grid cell (about 1 km without one). */
export function viewPoint(lat: number | null, lng: number | null, view: PrivacyView, place: TicketPlace): { lat: number | null; lng: number | null } {
  if (lat === null || lng === null || view.place !== "area") return { lat, lng };
  if (place.cellCentre) return place.cellCentre;
  return { lat: Math.round(lat * 100) / 100, lng: Math.round(lng * 100) / 100 };
}

/** The fields of a ticket that hold people or places. */
export interface PersonalFields {
  title: string | null;
  content: string;
  reply: string | null;
  address: string | null;
  lat: number | null;
  lng: number | null;
  citizenName: string | null;
  citizenPhone: string | null;
}

/** All of a ticket's personal fields as `view` may see them: the read path of every surface. */
export function viewTicket(t: PersonalFields, view: PrivacyView, place: TicketPlace): PersonalFields {
  const text = (s: string) => viewText(s, view, t.citizenName);
  return {
    title: t.title === null ? null : text(t.title),
    content: text(t.content),
    reply: t.reply === null ? null : text(t.reply),
    address: viewAddress(t.address, view, place, t.citizenName),
    ...viewPoint(t.lat, t.lng, view, place),
    citizenName: viewName(t.citizenName, view.person),
    citizenPhone: viewPhone(t.citizenPhone, view.person),
  };
}

/** A JSON payload (an event's details) with every string in it as `view` may see it. */
export function viewPayload(payload: Record<string, unknown>, view: PrivacyView): Record<string, unknown> {
  if (view.person === "clear" && view.place === "exact") return payload;
  const walk = (v: unknown): unknown =>
    typeof v === "string" ? viewText(v, view) : Array.isArray(v) ? v.map(walk) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)])) : v;
  return walk(payload) as Record<string, unknown>;
}
