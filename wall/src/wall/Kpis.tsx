// The KPI strip: counters whose digits roll to each new value (a stepped Web Animation per digit,
// run by the compositor on the wall's shared beat: no JavaScript per animation frame).
import { memo, useLayoutEffect, useRef } from "react";
import { NO_ANIMATION } from "./api";
import { percent, sourceName, SOURCES, tr, type WallFrame } from "./model";
import { PHASE, slideY } from "./motion";

const DIGITS = "0123456789".split("");
const PIECES = tr("件", "");
const LAST_30 = tr("近30日", "Last 30 days");
const ROLL_MS = 600;

function Digit({ digit }: { digit: number }) {
  const strip = useRef<HTMLSpanElement | null>(null);
  const shown = useRef(digit);
  useLayoutEffect(() => {
    const from = shown.current;
    shown.current = digit;
    if (NO_ANIMATION || !strip.current) return;
    const a = slideY(strip.current, -from * 10, -digit * 10, "%", ROLL_MS, PHASE.counters);
    return () => a?.cancel();
  }, [digit]);
  return (
    <span className="roll-digit">
      <span ref={strip} className="roll-strip" style={{ transform: `translateY(${-digit * 10}%)` }}>
        {DIGITS.map((d) => (
          <span key={d}>{d}</span>
        ))}
      </span>
    </span>
  );
}

const Rolling = memo(function Rolling({ value }: { value: string }) {
  const chars = [...value];
  return (
    <span className="roll">
      {chars.map((ch, i) => {
        // Keyed from the right, so units stay units when the number grows a digit.
        const pos = chars.length - i;
        if (ch < "0" || ch > "9") return <span key={`s${pos}`} className="roll-sym">{ch}</span>;
        return <Digit key={`d${pos}`} digit={Number(ch)} />;
      })}
    </span>
  );
});

interface Kpi {
  label: string;
  value: string;
  unit: string;
  note: string;
  tone?: "danger" | "ok";
}

function kpis(frame: WallFrame | null): Kpi[] {
  const k = frame?.kpis;
  const count = (n: number | undefined) => (n === undefined ? "--" : String(n));
  const bySource = new Map((frame?.bySource ?? []).map((s) => [s.source, s.count]));
  const split = SOURCES.map((s) => `${sourceName(s)} ${bySource.get(s) ?? 0}`).join(" · ");
  return [
    { label: tr("今日受理", "Received today"), value: count(k?.todayReceived), unit: PIECES, note: split },
    { label: tr("今日办结", "Closed today"), value: count(k?.todayClosed), unit: PIECES, note: tr("当日办结工单", "Tickets closed today") },
    { label: tr("在办工单", "Open"), value: count(k?.open), unit: PIECES, note: tr("全部未办结", "All not yet closed") },
    { label: tr("超期工单", "Overdue"), value: count(k?.overdue), unit: PIECES, note: tr("超过办理时限", "Past their time limit"), tone: k && k.overdue > 0 ? "danger" : "ok" },
    { label: tr("办结率", "Closure rate"), value: percent(k?.closureRate ?? null), unit: "%", note: LAST_30 },
    { label: tr("满意率", "Satisfaction"), value: percent(k?.satisfactionRate ?? null), unit: "%", note: tr("近30日回访", "Callbacks, last 30 days") },
    { label: tr("按时办结率", "On time"), value: percent(k?.onTimeRate ?? null), unit: "%", note: LAST_30 },
    { label: tr("重办率", "Reopen rate"), value: percent(k?.reopenRate ?? null), unit: "%", note: LAST_30 },
    {
      label: tr("平均办理时长", "Avg handling time"),
      value: k?.avgHandlingHours === null || k?.avgHandlingHours === undefined ? "--" : (k.avgHandlingHours / 24).toFixed(2),
      unit: tr("天", "days"),
      note: tr("派单至答复", "Dispatch to reply"),
    },
  ];
}

export const KpiStrip = memo(function KpiStrip({ frame }: { frame: WallFrame | null }) {
  return (
    <div className="kpis">
      {kpis(frame).map((k) => (
        <div key={k.label} className={`kpi${k.tone ? ` kpi-${k.tone}` : ""}`}>
          <div className="kpi-label">{k.label}</div>
          <div className="kpi-value">
            <Rolling value={k.value} />
            <span className="kpi-unit">{k.unit}</span>
          </div>
          <div className="kpi-note">{k.note}</div>
        </div>
      ))}
    </div>
  );
});
