// The screen: title bar, KPI strip and six panels, placed in design pixels on the 3840×2160 stage.
import { useEffect, type ReactNode } from "react";
import { NO_ANIMATION } from "./api";
import { ENGLISH, tr } from "./model";
import { FlowChart } from "./charts/FlowChart";
import { HourDomainChart } from "./charts/HourDomainChart";
import { MapChart } from "./charts/MapChart";
import { RankingChart } from "./charts/RankingChart";
import { KpiStrip } from "./Kpis";
import { Stage } from "./Stage";
import { store, useWall } from "./store";
import { TicketBoard } from "./TicketBoard";
import { TitleBar } from "./TitleBar";
import { SevereBanner, WarningList } from "./Warnings";

interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

// Three columns under the KPI strip: analysis left, the map centre, the live feed right.
const MAIN_TOP = 410;
const MAIN_H = 2160 - MAIN_TOP - 32;
const COL = { left: 32, centre: 964, right: 2628 } as const;
const W = { left: 900, centre: 1632, right: 1180 } as const;
const MAP_H = 1010;
const HEAT_H = 860;
const WARN_H = 600;
const GAP = 24;
const LAYOUT = {
  heat: { left: COL.left, top: MAIN_TOP, width: W.left, height: HEAT_H },
  ranking: { left: COL.left, top: MAIN_TOP + HEAT_H + GAP, width: W.left, height: MAIN_H - HEAT_H - GAP },
  map: { left: COL.centre, top: MAIN_TOP, width: W.centre, height: MAP_H },
  flow: { left: COL.centre, top: MAIN_TOP + MAP_H + GAP, width: W.centre, height: MAIN_H - MAP_H - GAP },
  warnings: { left: COL.right, top: MAIN_TOP, width: W.right, height: WARN_H },
  board: { left: COL.right, top: MAIN_TOP + WARN_H + GAP, width: W.right, height: MAIN_H - WARN_H - GAP },
} satisfies Record<string, Box>;

function MapLegend() {
  return (
    <>
      {tr("今日受理 · 按网格", "Received today, by grid cell")}
      <i className="dot dot-danger" />
      {tr("预警地点", "Warnings")}
      <i className="dot dot-warn" />
      {tr("高发网格", "Busiest cells")}
    </>
  );
}

function Panel({ box, title, note, children }: { box: Box; title: string; note?: ReactNode; children: ReactNode }) {
  return (
    <section className="panel" style={box}>
      <header className="panel-head">
        <h2>{title}</h2>
        {note ? <span className="panel-note">{note}</span> : null}
      </header>
      <div className="panel-body">{children}</div>
    </section>
  );
}

export function Wall() {
  const s = useWall();

  useEffect(() => {
    store.start();
    return () => store.stop();
  }, []);

  // Children's effects (the charts' setOption) have run by now: the screen shows this state.
  useEffect(() => {
    if (s.frame && s.geo && s.stats) store.probe.ready = true;
  }, [s.frame, s.geo, s.stats]);

  const frame = s.frame;
  const paused = !s.visible || NO_ANIMATION;
  return (
    <div className={`wall${paused ? " paused" : ""}${NO_ANIMATION ? " noanim" : ""}${ENGLISH ? " en" : ""}`}>
      <Stage>
        <TitleBar center={s.geo?.center ?? null} now={s.now} connection={s.connection} everOpen={s.everOpen} attempt={s.attempt} frameArrivedAt={s.frameArrivedAt} />
        <KpiStrip frame={s.kpiFrame} />
        <Panel box={LAYOUT.heat} title={tr("诉求时段热力", "Requests by hour and domain")} note={tr("近24小时 · 按领域", "Last 24 hours")}>
          <HourDomainChart stats={s.stats} />
        </Panel>
        <Panel box={LAYOUT.ranking} title={tr("责任单位办件排行", "Department ranking")} note={tr("近24小时派单 · 办结 · 超期", "Last 24 h")}>
          <RankingChart stats={s.stats} />
        </Panel>
        <Panel box={LAYOUT.map} title={tr("全区诉求热力图", "District heatmap")} note={<MapLegend />}>
          <MapChart geo={s.geo} heat={s.heat} warnings={frame?.warnings} />
        </Panel>
        <Panel box={LAYOUT.flow} title={tr("诉求流向", "Request flow")} note={tr("来源 → 领域 → 责任单位 · 近24小时", "Source → domain → department · last 24 hours")}>
          <FlowChart stats={s.stats} />
        </Panel>
        <Panel box={LAYOUT.warnings} title={tr("预警信息", "Warnings")} note={tr(`未处置 ${frame?.warnings.length ?? 0} 条`, `${frame?.warnings.length ?? 0} open`)}>
          <WarningList warnings={frame?.warnings} />
        </Panel>
        <Panel box={LAYOUT.board} title={tr("实时工单", "Live tickets")} note={tr("最新受理 · 已脱敏", "Newest · masked")}>
          <TicketBoard latest={frame?.latest} geo={s.geo} now={s.now} motion={s.motion} />
        </Panel>
        <SevereBanner warnings={frame?.warnings} />
      </Stage>
    </div>
  );
}
