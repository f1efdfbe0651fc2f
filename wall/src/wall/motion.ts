// The wall's motion without a GPU (the map's warning rings, the severe banner's flash, the board's
// scroll, the counters' rolls): every frame in which something moved is a software redraw in
// Chromium's display compositor of the box around all that changed (measured at 3840×2160: up to
// ~25 ms a frame; at 60 a second, more CPU than the 2-core wall machine has to spare, which starves
// the page's own main thread). So everything moves in steps, 15 a second, on one shared clock, each
// kind in its own phase of it (PHASE), and the frames between have nothing to draw.
// They are Web Animations, not CSS animations or transitions: React listens for
// `animationiteration` at its root, and a CSS animation with such a listener keeps the main thread
// rendering frames around each iteration to fire it; a transition changes the picture every frame.

/** The shared step: 15 changes a second. */
export const STEP_MS = 1000 / 15;

/**
 * Keyframes sampled from an eased curve, one per step, and the `steps()` timing that shows exactly
 * one of them per step. `at(e)` gives the styles at eased progress e (0–1).
 */
export function stepped(durationMs: number, at: (e: number) => Keyframe, ease: (p: number) => number = easeOut): { keyframes: Keyframe[]; easing: string } {
  const n = Math.max(1, Math.round(durationMs / STEP_MS));
  return { keyframes: Array.from({ length: n + 1 }, (_, i) => ({ ...at(ease(i / n)), offset: i / n })), easing: `steps(${n}, end)` };
}

/** Starts the animation on the shared grid: at the last multiple of `periodMs` of the page's timeline (plus `phaseMs`). */
export function alignStart(a: Animation, periodMs: number, phaseMs = 0): void {
  const now = document.timeline.currentTime;
  if (typeof now === "number") a.startTime = Math.floor((now - phaseMs) / periodMs) * periodMs + phaseMs;
}

/**
 * Where in each step a kind of motion changes the picture. Without a GPU, Chromium redraws the
 * bounding box of everything that changed in a frame: the map's rings, the KPI strip along the
 * top and the board in the right column changing in one frame make it nearly the whole 4K screen
 * (~25 ms of software drawing), in three frames only their own three rectangles.
 */
export const PHASE = {
  rings: 0,
  counters: STEP_MS / 3,
  board: (2 * STEP_MS) / 3,
  /** The banner lies over the KPI strip: it shares the counters' phase. */
  banner: STEP_MS / 3,
} as const;

export const easeOut = (p: number): number => 1 - (1 - p) * (1 - p);
export const easeInOut = (p: number): number => (p < 0.5 ? 2 * p * p : 1 - 2 * (1 - p) * (1 - p));

/**
 * A vertical slide (the board's scroll, a counter's digit) on the shared beat: a stepped Web
 * Animation instead of a CSS transition, which changes the picture in every frame it runs, 60 a
 * second. Its steps land on the shared beat, in their own phase of it (see PHASE). The element's
 * own style must already hold the end position: the animation only shows the way there.
 */
export function slideY(el: Element, fromY: number, toY: number, unit: "px" | "%", durationMs: number, phaseMs: number): Animation | null {
  if (typeof el.animate !== "function" || fromY === toY) return null;
  const { keyframes, easing } = stepped(durationMs, (e) => ({ transform: `translateY(${fromY + (toY - fromY) * e}${unit})` }));
  const a = el.animate(keyframes, { duration: durationMs, easing });
  alignStart(a, STEP_MS, phaseMs);
  return a;
}
