// Building TagFacts from what intake and re-tagging know about a ticket. The store supplies the
// ticket's columns, its place codes and the counts over earlier tickets; this fills in what can be
// derived without I/O (location level, places nearby, intake defaults of the lifecycle facts).

import type { AppealType, Channel, Domain, Loop, Satisfaction, Source, TicketStatus } from "@cityops/schema/vocabulary";
import { nearbyPlaces, type NamedPlace } from "./places.js";
import type { ConsultationState, LocationLevel, TagFacts } from "./types.js";

export interface PlaceName {
  level: "street" | "community";
  code: string;
  name: string;
  /** The street a community belongs to. */
  streetCode: string | null;
}

export interface TicketBasics {
  source: Source;
  channel: Channel;
  appealType: AppealType;
  domain: Domain | null;
  title: string | null;
  content: string;
  address: string | null;
  receivedAt: Date;
  lat: number | null;
  lng: number | null;
  /** Codes of the located cell and its community and street, when coordinates found a cell. */
  cellCode: string | null;
  communityCode: string | null;
  streetCode: string | null;
  matterMatched: boolean;
  matterTimeLimitDays: number | null;
  byPrecedent: boolean;
}

export interface LifecycleFacts {
  status: TicketStatus;
  loop: Loop;
  satisfaction: Satisfaction | null;
  reopenCount: number;
  returnCount: number;
  supervisionCount: number;
  supervisionMethods: readonly string[];
  answeredImmediately: boolean;
  consultation: ConsultationState;
  determined: boolean;
  dueAt: Date | null;
  repliedAt: Date | null;
}

/** A new ticket's lifecycle: nothing has happened to it yet. */
export const AT_INTAKE: LifecycleFacts = {
  status: "received",
  loop: "small",
  satisfaction: null,
  reopenCount: 0,
  returnCount: 0,
  supervisionCount: 0,
  supervisionMethods: [],
  answeredImmediately: false,
  consultation: "none",
  determined: false,
  dueAt: null,
  repliedAt: null,
};

/**
 * Where the ticket is, as finely as known: a located cell; else a community or street the address
 * names (longest name first, so 金沙滩街道 is not taken for a community called 金沙).
 */
export function placeOf(
  t: Pick<TicketBasics, "address" | "cellCode" | "communityCode" | "streetCode">,
  names: readonly PlaceName[],
): { level: LocationLevel; communityCode: string | null; streetCode: string | null } {
  if (t.cellCode) return { level: "coordinate", communityCode: t.communityCode, streetCode: t.streetCode };
  const address = t.address ?? "";
  if (address) {
    const community = names.find((n) => n.level === "community" && address.includes(n.name));
    if (community) return { level: "community", communityCode: community.code, streetCode: community.streetCode };
    const street = names.find((n) => n.level === "street" && address.includes(n.name));
    if (street) return { level: "street", communityCode: null, streetCode: street.code };
  }
  return { level: "none", communityCode: null, streetCode: null };
}

export interface FactsContext {
  places: readonly NamedPlace[];
  placeNames: readonly PlaceName[];
  history: Readonly<Record<string, number>>;
  collective: Readonly<Record<string, number>>;
  now: Date;
}

/** Sorts place names for placeOf: longer names first. */
export function placeNameIndex(names: readonly PlaceName[]): PlaceName[] {
  return [...names].sort((a, b) => b.name.length - a.name.length);
}

export function buildFacts(t: TicketBasics, life: LifecycleFacts, ctx: FactsContext): TagFacts {
  const where = placeOf(t, ctx.placeNames);
  const point = t.lat !== null && t.lng !== null ? { lat: t.lat, lng: t.lng } : null;
  return {
    source: t.source,
    channel: t.channel,
    appealType: t.appealType,
    domain: t.domain,
    title: t.title,
    content: t.content,
    receivedAt: t.receivedAt,
    cellCode: t.cellCode,
    communityCode: where.communityCode,
    streetCode: where.streetCode,
    locationLevel: where.level,
    nearby: nearbyPlaces(point, `${t.address ?? ""} ${t.content}`, ctx.places),
    matterMatched: t.matterMatched,
    matterTimeLimitDays: t.matterTimeLimitDays,
    byPrecedent: t.byPrecedent,
    history: ctx.history,
    collective: ctx.collective,
    ...life,
    now: ctx.now,
  };
}
