// Rules on the ticket's context: when it came (clock, holidays, seasons), where (named places, streets,
// grid cells) and what came before it (the same caller or address again; many callers at once).

import type { TagRule } from "../types.js";

const WATER_WORDS = ["积水", "内涝", "水位", "漫堤", "暴雨", "被淹", "排水"];
const SCHOOL_DOMAINS = ["TRANSPORT", "MARKET_REGULATION", "PUBLIC_SAFETY", "CITY_MANAGEMENT", "SOCIAL_SERVICES"];
/** Grid cells the 夹河 runs through or along (demo geography): its banks flood first in a storm. */
const JIAHE_BANK_CELLS = ["ST04-C03-G09", "ST08-C02-G04", "ST08-C06-G05", "ST08-C06-G08"];

export const CONTEXT_RULES: readonly TagRule[] = [
  // Time bands are single-valued; a holiday night is a holiday first, since that decides staffing.
  { id: "time.holiday", tag: "time_band.holiday", when: { kind: "time", in: "holiday" }, confidence: 1, priority: 4, note: "Statutory public holiday (calendar.ts)." },
  { id: "time.night", tag: "time_band.night", when: { kind: "time", in: "night" }, confidence: 1, priority: 3, note: "22:00–07:00 Beijing time: the night shift." },
  { id: "time.weekend", tag: "time_band.weekend", when: { kind: "time", in: "weekend" }, confidence: 1, priority: 2, note: "Saturday or Sunday." },
  { id: "time.evening", tag: "time_band.evening", when: { kind: "time", in: "evening" }, confidence: 1, priority: 1, note: "18:00–22:00 on a working day." },
  { id: "time.working_hours", tag: "time_band.working_hours", when: { kind: "time", in: "working_hours" }, confidence: 1, note: "07:00–18:00 on a working day." },
  { id: "time.flood_season", tag: "season.flood_season", when: { kind: "time", in: "flood_season" }, confidence: 1, note: "汛期: waterlogging and river levels." },
  { id: "time.heating_season", tag: "season.heating_season", when: { kind: "time", in: "heating_season" }, confidence: 1, note: "供暖季: heating complaints." },
  { id: "time.tourist_season", tag: "season.tourist_season", when: { kind: "time", in: "tourist_season" }, confidence: 1, note: "旅游旺季 on the coast." },
  // Places.
  {
    id: "place.river_flood", tag: "risk_level.high", when: { kind: "place", near: "river", withinMeters: 300 },
    and: [{ kind: "time", in: "flood_season" }, { kind: "keyword", any: WATER_WORDS }], confidence: 0.8, priority: 2,
    note: "Water on a river bank in flood season can become a flood.",
  },
  {
    id: "place.river_bank_cells", tag: "hot_event.rainstorm", when: { kind: "place", cells: JIAHE_BANK_CELLS },
    and: [{ kind: "time", in: "flood_season" }, { kind: "keyword", any: WATER_WORDS }], confidence: 0.7,
    note: "Water complaints from the 夹河 bank cells in flood season belong to the storm picture.",
  },
  {
    id: "place.near_school_minor", tag: "special_group.minor", when: { kind: "place", near: "school", withinMeters: 200 },
    and: [{ kind: "field", field: "domain", equals: SCHOOL_DOMAINS }], confidence: 0.5,
    note: "Traffic, food, safety and street matters at a school gate concern pupils.",
  },
  {
    id: "place.near_school_risk", tag: "risk_level.medium", when: { kind: "place", near: "school", withinMeters: 200 },
    and: [{ kind: "field", field: "domain", equals: ["TRANSPORT", "PUBLIC_SAFETY", "MARKET_REGULATION"] }], confidence: 0.6, priority: 1,
    note: "Traffic, safety and food issues next to a school are raised to medium risk.",
  },
  {
    id: "place.beach_tourist", tag: "risk_level.medium", when: { kind: "place", streets: ["ST04"] },
    and: [{ kind: "time", in: "tourist_season" }, { kind: "field", field: "domain", equals: ["PUBLIC_SAFETY", "MARKET_REGULATION", "TRANSPORT"] }],
    confidence: 0.6, priority: 1, note: "金沙滩街道's beach is crowded in summer: safety, prices and traffic there carry more risk.",
  },
  // History: the store counts earlier tickets for exactly these windows.
  { id: "history.same_phone_30d", tag: "repeated.repeated", when: { kind: "history", by: "phone", withinDays: 30, atLeast: 1 }, confidence: 0.9, note: "The same number called within 30 days." },
  { id: "history.same_address_30d", tag: "repeated.repeated", when: { kind: "history", by: "address", withinDays: 30, atLeast: 2 }, confidence: 0.7, note: "Two earlier tickets from the same address within 30 days." },
  {
    id: "history.frequent_caller", tag: "sentiment.anxious", when: { kind: "history", by: "phone", withinDays: 7, atLeast: 3 }, confidence: 0.6, priority: 1,
    note: "A fourth call in a week: the caller is worried whatever the words.",
  },
  {
    id: "history.frequent_caller_risk", tag: "risk_level.medium", when: { kind: "history", by: "phone", withinDays: 7, atLeast: 3 }, confidence: 0.6, priority: 1,
    note: "Repeated calls in a week can escalate.",
  },
  // Collective: several distinct callers, one matter, one place, a short window.
  {
    id: "collective.cell_6h", tag: "collective.collective", when: { kind: "collective", scope: "grid_cell", withinHours: 6, distinctCallers: 3 }, confidence: 0.9,
    note: "Three callers on one matter from one grid cell within six hours.",
  },
  {
    id: "collective.community_24h", tag: "collective.collective", when: { kind: "collective", scope: "community", withinHours: 24, distinctCallers: 5 }, confidence: 0.8,
    note: "Five callers on one matter from one community within a day.",
  },
  {
    id: "collective.risk", tag: "risk_level.high", when: { kind: "collective", scope: "community", withinHours: 24, distinctCallers: 10 }, confidence: 0.7, priority: 2,
    note: "Ten callers in a day is a mass issue.",
  },
];
