// Endless animations (the map's warning rings, the severe banner's flash) without a GPU: every
// frame in which something moved is a full-screen software redraw in Chromium's display compositor
// (measured at 3840×2160: ~6 ms each, 60 a second, ~400 ms of CPU per second on a 2-core wall
// machine, which starves the page's own main thread). So they move in steps, 15 a second, on one
// shared clock: all of them change in the same frames and the frames between have nothing to draw.
// They are Web Animations, not CSS animations: React listens for `animationiteration` at its root,
// and a CSS animation with such a listener keeps the main thread rendering frames around each
// iteration to fire it.

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

/** Starts the animation on the shared grid: at the last multiple of `periodMs` of the page's timeline. */
export function alignStart(a: Animation, periodMs: number): void {
  const now = document.timeline.currentTime;
  if (typeof now === "number") a.startTime = Math.floor(now / periodMs) * periodMs;
}

export const easeOut = (p: number): number => 1 - (1 - p) * (1 - p);
export const easeInOut = (p: number): number => (p < 0.5 ? 2 * p * p : 1 - 2 * (1 - p) * (1 - p));
