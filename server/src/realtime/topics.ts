import type { WallFrame } from "./wall-frame.js";
import type { LiveEvent } from "./pump.js";
import type { WarningRow } from "../store/warning.store.js";

/**
 * Every live stream of the hub, by name, with what it carries. Subscriptions, metrics and tests
 * refer to these names only.
 */
export interface Topics {
  ticketEvents: LiveEvent;
  departmentQueue: LiveEvent;
  wallFrame: WallFrame;
  /** Warnings as they are raised or escalated (realtime/warning-feed.ts). */
  warnings: WarningRow;
}

export type TopicName = keyof Topics;
export const TOPIC_NAMES: readonly TopicName[] = ["ticketEvents", "departmentQueue", "wallFrame", "warnings"];
