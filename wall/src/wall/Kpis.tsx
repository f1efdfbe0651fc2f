// The KPI strip: counters whose digits roll to each new value (a CSS transition per digit, so
// a changing number costs no JavaScript per animation frame).
import { memo } from "react";
import { percent, sourceName, SOURCES, type WallFrame } from "./model";

const DIGITS = "0123456789".split("");

const Rolling = memo(function Rolling({ value }: { value: string }) {
  const chars = [...value];
  return (
    <span className="roll">
      {chars.map((ch, i) => {
        // Keyed from the right, so units stay units when the number grows a digit.
        const pos = chars.length - i;
        if (ch < "0" || ch > "9") return <span key={`s${pos}`} className="roll-sym">{ch}</span>;
        return (
          <span key={`d${pos}`} className="roll-digit">
            <span className="roll-strip" style={{ transform: `translateY(${-Number(ch) * 10}%)` }}>
              {DIGITS.map((d) => (
                <span key={d}>{d}</span>
              ))}
            </span>
          </span>
        );
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
    { label: "今日受理", value: count(k?.todayReceived), unit: "件", note: split },
    { label: "今日办结", value: count(k?.todayClosed), unit: "件", note: "当日办结工单" },
    { label: "在办工单", value: count(k?.open), unit: "件", note: "全部未办结" },
    { label: "超期工单", value: count(k?.overdue), unit: "件", note: "超过办理时限", tone: k && k.overdue > 0 ? "danger" : "ok" },
    { label: "办结率", value: percent(k?.closureRate ?? null), unit: "%", note: "近30日" },
    { label: "满意率", value: percent(k?.satisfactionRate ?? null), unit: "%", note: "近30日回访" },
    { label: "按时办结率", value: percent(k?.onTimeRate ?? null), unit: "%", note: "近30日" },
    { label: "重办率", value: percent(k?.reopenRate ?? null), unit: "%", note: "近30日" },
    {
      label: "平均办理时长",
      value: k?.avgHandlingHours === null || k?.avgHandlingHours === undefined ? "--" : (k.avgHandlingHours / 24).toFixed(2),
      unit: "天",
      note: "派单至答复",
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
