// District name, district-time clock, link state and how old the shown data is.
import { memo, useEffect } from "react";
import { clockParts, tr, type Connection } from "./model";

function age(now: number, at: number): string {
  if (!at) return tr("等待数据", "waiting");
  const s = Math.max(0, Math.round((now - at) / 1000));
  if (s < 60) return tr(`${s}秒前`, `${s} s ago`);
  if (s < 3600) return tr(`${Math.floor(s / 60)}分钟前`, `${Math.floor(s / 60)} min ago`);
  return tr(`${Math.floor(s / 3600)}小时前`, `${Math.floor(s / 3600)} h ago`);
}

function linkLabel(connection: Connection, everOpen: boolean, attempt: number): { text: string; tone: string } {
  if (connection === "open") return { text: tr("实时连接正常", "Live"), tone: "ok" };
  if (!everOpen) return { text: tr("正在连接…", "Connecting…"), tone: "wait" };
  const lost = tr("连接中断 · 正在重连", "Connection lost · reconnecting");
  return { text: attempt > 1 ? `${lost}${tr(`（第${attempt}次）`, ` (attempt ${attempt})`)}` : lost, tone: "lost" };
}

/** `now` is the store's redraw tick: the clock moves in the same frame as the data, never in one of its own. */
export const TitleBar = memo(function TitleBar(props: { center: string | null; now: number; connection: Connection; everOpen: boolean; attempt: number; frameArrivedAt: number }) {
  useEffect(() => {
    if (props.center) document.title = `${props.center} · ${tr("城运大屏", "City Operations wall")}`;
  }, [props.center]);
  const now = props.now;
  const c = clockParts(now);
  const link = linkLabel(props.connection, props.everOpen, props.attempt);
  const stale = props.frameArrivedAt > 0 && now - props.frameArrivedAt > 5000;
  return (
    <header className="titlebar">
      <div className="title-left">
        <span className="badge-12345">12345</span>
        <span className="title-sub">{tr("一屏统览 · 热线与城市运行数据中枢", "One screen for the whole city · 12345 hotline data hub")}</span>
      </div>
      <h1 className="title-name">{props.center ?? tr("城市运行管理中心", "City Operations Center")}</h1>
      <div className="title-right">
        <div className={`link link-${link.tone}`} data-testid="link-state">
          <span className="link-dot" />
          {link.text}
        </div>
        <div className={`age${stale ? " age-stale" : ""}`} data-testid="data-age">
          {tr("数据更新", "Data")} {age(now, props.frameArrivedAt)}
        </div>
        <div className="clock">
          <span className="clock-date">
            {c.date} {c.weekday}
          </span>
          <span className="clock-time">{c.time}</span>
        </div>
      </div>
    </header>
  );
});
