// Colours and type sizes of the wall, in design pixels (3840×2160).
import { NO_ANIMATION } from "../api";
import { sourceName } from "../model";
import { FONT_FAMILY } from "./useChart";

export const C = {
  text: "#cfe8ff",
  dim: "#7fa7cf",
  accent: "#3ee0ff",
  grid: "rgba(95, 160, 230, 0.18)",
  land: "#0b2547",
  border: "rgba(90, 170, 255, 0.28)",
  street: "#5fd4ff",
  warn: "#ffb03a",
  danger: "#ff4d4f",
  ok: "#34d399",
  heat: ["#0b2547", "#134a8a", "#1e88e5", "#26c6da", "#ffe066", "#ff8a3d", "#ff3b3b"],
};

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
