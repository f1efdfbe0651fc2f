// The demo district's mix of requests, shared by the seed (history) and the simulator (live feed)
// so that both read like the same city.
import type { AppealType, Channel, Domain } from "@cityops/schema";
import type { Feed } from "./ticket-volume.js";

export const DOMAIN_SHARE: Record<Exclude<Feed, "sensor">, Partial<Record<Domain, number>>> = {
  hotline: {
    URBAN_RURAL_CONSTRUCTION: 0.26, CITY_MANAGEMENT: 0.16, ECOLOGY_ENVIRONMENT: 0.08, MARKET_REGULATION: 0.13, TRANSPORT: 0.08,
    SOCIAL_SERVICES: 0.09, LABOR_SOCIAL_SECURITY: 0.08, PUBLIC_SAFETY: 0.05, AGRICULTURE_RURAL: 0.03, CIVIL_AFFAIRS_COMMUNITY: 0.04,
  },
  grid: {
    CITY_MANAGEMENT: 0.42, URBAN_RURAL_CONSTRUCTION: 0.18, ECOLOGY_ENVIRONMENT: 0.12, PUBLIC_SAFETY: 0.16, AGRICULTURE_RURAL: 0.06,
    CIVIL_AFFAIRS_COMMUNITY: 0.06,
  },
  department_push: {
    URBAN_RURAL_CONSTRUCTION: 0.4, CITY_MANAGEMENT: 0.15, ECOLOGY_ENVIRONMENT: 0.15, TRANSPORT: 0.1, MARKET_REGULATION: 0.1, PUBLIC_SAFETY: 0.1,
  },
};

export const APPEAL_MIX: Record<Feed, readonly (readonly [AppealType, number])[]> = {
  hotline: [["complaint", 36], ["help", 26], ["consult", 24], ["report", 7], ["suggestion", 5], ["praise", 2]],
  grid: [["report", 55], ["help", 30], ["suggestion", 10], ["complaint", 5]],
  department_push: [["help", 45], ["complaint", 30], ["report", 15], ["consult", 10]],
  sensor: [["report", 1]],
};

export const HOTLINE_CHANNELS: readonly (readonly [Channel, number])[] = [["phone", 62], ["wechat", 15], ["app", 10], ["web", 8], ["enterprise_line", 5]];
export const CONSULT_LIKE = /咨询|办理|申请|条件|政策|预约|报名|登记/;
