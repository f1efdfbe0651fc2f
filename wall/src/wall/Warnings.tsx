// Open warnings, and the banner no one in the room can miss: a new severe warning (or one that
// has just become severe) flashes across the whole width for ten seconds.
import { memo, useEffect, useRef, useState } from "react";
import { hourMinute, isSevere, severityName, tr, warningKindName, type FrameWarning } from "./model";
import { NO_ANIMATION } from "./api";
import { alignStart, easeInOut, PHASE, stepped } from "./motion";
import { store } from "./store";

export const BANNER_MS = 10_000;
const SHOWN = 6;
const SEEN_MAX = 200;
const RANK: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };
/** The banner's flash: the red layer under its text, on the wall's shared animation clock (motion.ts). */
const FLASH_MS = 800;
const FLASH = stepped(FLASH_MS, (e) => ({ opacity: e }), easeInOut);
const FLASH_TIMING: KeyframeAnimationOptions = { duration: FLASH_MS, easing: FLASH.easing, iterations: Infinity, direction: "alternate", pseudoElement: "::before" };

export const WarningList = memo(function WarningList({ warnings }: { warnings: FrameWarning[] | undefined }) {
  const list = [...(warnings ?? [])].sort((a, b) => (RANK[a.severity] ?? 9) - (RANK[b.severity] ?? 9) || Date.parse(b.at) - Date.parse(a.at)).slice(0, SHOWN);
  if (list.length === 0) {
    return (
      <div className="warn-empty">
        <div className="warn-empty-mark">✓</div>
        <div>{tr("暂无未处置预警 · 运行平稳", "No open warnings · all calm")}</div>
      </div>
    );
  }
  return (
    <ul className="warn-list">
      {list.map((w) => (
        <li key={w.id} className={`warn warn-${w.severity}`}>
          <span className="warn-sev">{severityName(w.severity)}</span>
          <span className="warn-kind">{warningKindName(w.kind)}</span>
          <span className="warn-title">{w.title}</span>
          <span className="warn-time">{hourMinute(w.at)}</span>
        </li>
      ))}
    </ul>
  );
});

interface Banner {
  key: string;
  warning: FrameWarning;
  more: number;
}

/** Keys are id + severity, so a warning that escalates to severe is news again. */
export function SevereBanner({ warnings }: { warnings: FrameWarning[] | undefined }) {
  const [banner, setBanner] = useState<Banner | null>(null);
  const seen = useRef<string[]>([]);
  const timer = useRef<number | null>(null);
  const el = useRef<HTMLDivElement | null>(null);
  const key = banner?.key;

  useEffect(() => {
    const node = el.current;
    if (!key || !node || NO_ANIMATION || typeof node.animate !== "function") return;
    const flash = node.animate(FLASH.keyframes, FLASH_TIMING);
    alignStart(flash, 2 * FLASH_MS, PHASE.banner);
    return () => flash.cancel();
  }, [key]);

  useEffect(() => {
    const fresh = (warnings ?? []).filter((w) => isSevere(w.severity) && !seen.current.includes(`${w.id}:${w.severity}`));
    if (fresh.length === 0) return;
    seen.current.push(...fresh.map((w) => `${w.id}:${w.severity}`));
    if (seen.current.length > SEEN_MAX) seen.current.splice(0, seen.current.length - SEEN_MAX);
    const top = [...fresh].sort((a, b) => (RANK[a.severity] ?? 9) - (RANK[b.severity] ?? 9))[0]!;
    setBanner({ key: `${top.id}:${top.severity}:${Date.now()}`, warning: top, more: fresh.length - 1 });
    store.probe.banner = top.title;
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      timer.current = null;
      store.probe.banner = null;
      setBanner(null);
    }, BANNER_MS);
  }, [warnings]);

  useEffect(
    () => () => {
      if (timer.current !== null) window.clearTimeout(timer.current);
    },
    [],
  );

  if (!banner) return null;
  const w = banner.warning;
  return (
    <div ref={el} key={banner.key} className={`banner banner-${w.severity}`} role="alert" data-testid="severe-banner">
      <span className="banner-sev">{tr(`${severityName(w.severity)}预警`, `${severityName(w.severity)} warning`)}</span>
      <span className="banner-kind">{warningKindName(w.kind)}</span>
      <span className="banner-title">{w.title}</span>
      <span className="banner-time">{hourMinute(w.at)}</span>
      {banner.more > 0 ? <span className="banner-more">{tr(`另有${banner.more}条严重预警`, `+${banner.more} more severe`)}</span> : null}
    </div>
  );
}
