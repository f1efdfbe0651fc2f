// Colours and type sizes of the wall, in design pixels (3840×2160). The colours live in
// @cityops/schema/palette: the reports' charts take theirs from there too.
import { WALL_COLORS } from "@cityops/schema/palette";
import { NO_ANIMATION } from "../api";
import { sourceName } from "../model";
import { FONT_FAMILY } from "./useChart";

export const C = WALL_COLORS;

/** Keyed by the shown name, which is what the flow chart's nodes carry. */
export const SOURCE_COLORS: Record<string, string> = {
  [sourceName("hotline")]: "#3ee0ff",
  [sourceName("grid")]: "#34d399",
  [sourceName("department")]: "#a78bfa",
};

/**
 * Settings every chart shares: the wall's font, and animation only when allowed. Only a chart's
 * first drawing animates; updates (every few seconds, a count or two moved) are drawn in one frame
 * instead of 48 frames of tweening per chart.
 */
export const base = {
  animation: !NO_ANIMATION,
  animationDuration: 800,
  animationDurationUpdate: 0,
  backgroundColor: "transparent",
  textStyle: { fontFamily: FONT_FAMILY, color: C.text, fontSize: 26 },
} as const;
