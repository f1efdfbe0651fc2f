import type { WallFrame } from "./wall-frame.js";
import type { LiveEvent } from "./pump.js";

/**
 * Every live stream of the hub, by name, with what it carries. Subscriptions, metrics and tests
 * refer to these names only.
 */
export interface Topics {
  ticketEvents: LiveEvent;
  departmentQueue: LiveEvent;
  wallFrame: WallFrame;
}

export type TopicName = keyof Topics;
export const TOPIC_NAMES: readonly TopicName[] = ["ticketEvents", "departmentQueue", "wallFrame"];
