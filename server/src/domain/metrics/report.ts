import { districtClock, REPORT_KIND_LABELS, type WarningKind } from "@cityops/schema/vocabulary";

/** The figures a period report is written from; the report service gathers them, this file writes. */
export interface PeriodData {
  kind: "leadership_brief" | "information_digest";
  issue: number;
  from: Date;
  to: Date;
  generatedAt: Date;
  center: string;
  received: number;
  previousReceived: number;
  bySource: { label: string; count: number }[];
  immediate: number;
  dispatched: number;
  rates: { onTimeClosureRate: number | null; satisfactionRate: number | null; reopenRate: number | null; avgHandlingDays: number | null; responseRate: number | null };
  overdueNow: number;
  domains: { label: string; count: number; previous: number }[];
  streets: { label: string; count: number }[];
  daily: { at: Date; count: number }[];
  departments: { name: string; intake: number; score: number | null; satisfactionRate: number | null; onTimeClosureRate: number | null; dissatisfied: number }[];
  warnings: { kindLabel: string; severityLabel: string; title: string; raisedAt: Date; statusLabel: string }[];
}

export interface BulletinData {
  issue: number;
  generatedAt: Date;
  center: string;
  warning: { kindLabel: string; severityLabel: string; statusLabel: string; title: string; detail: string; count: number; raisedAt: Date; updatedAt: Date; acknowledged: string | null; resolved: string | null };
  advice: string;
  evidence: { id: number; receivedAt: Date; place: string; channel: string; text: string }[];
  evidenceTotal: number;
}

/**
 * A chart a report asks for. Drawing it is the caller's (services/report-charts.ts, ECharts), so the
 * domain carries no chart library and a test can draw with anything.
 */
export interface ChartSpec {
  kind: "bar" | "line";
  title: string;
  items: { label: string; value: number }[];
}
/** Returns the chart as an inline SVG element. */
export type DrawChart = (chart: ChartSpec) => string;

const esc = (s: unknown) =>
  String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const local = districtClock;
export const dateZh = (d: Date) => `${local(d).getUTCFullYear()}年${local(d).getUTCMonth() + 1}月${local(d).getUTCDate()}日`;
const timeZh = (d: Date) => `${dateZh(d)}${String(local(d).getUTCHours()).padStart(2, "0")}:${String(local(d).getUTCMinutes()).padStart(2, "0")}`;
const pct = (r: number | null) => (r === null ? "—" : `${(r * 100).toFixed(1)}%`);
const share = (n: number, d: number) => (d > 0 ? `${((n / d) * 100).toFixed(1)}%` : "—");
const change = (now: number, before: number) =>
  before === 0 ? (now === 0 ? "持平" : "上期无数据") : now >= before ? `环比上升${(((now - before) / before) * 100).toFixed(1)}%` : `环比下降${(((before - now) / before) * 100).toFixed(1)}%`;

/** "2026年10月" for a calendar month, else "2026年10月5日至10月11日". */
export function periodZh(from: Date, to: Date): string {
  const a = local(from);
  const end = local(new Date(to.getTime() - 1));
  const wholeMonth = a.getUTCDate() === 1 && local(to).getUTCDate() === 1 && a.getUTCHours() === 0 && (end.getUTCMonth() === a.getUTCMonth());
  if (wholeMonth) return `${a.getUTCFullYear()}年${a.getUTCMonth() + 1}月`;
  return `${dateZh(from)}至${end.getUTCMonth() + 1}月${end.getUTCDate()}日`;
}

function page(kindName: string, issue: number, year: number, center: string, date: Date, title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font-family:"Noto Serif CJK SC","Songti SC",serif;max-width:820px;margin:32px auto;padding:0 24px;color:#111;line-height:1.9}
.head{text-align:center;color:#c00;border-bottom:3px solid #c00;padding-bottom:8px}.head h1{font-size:40px;letter-spacing:12px;margin:8px 0}
.meta{display:flex;justify-content:space-between;font-size:15px;margin:6px 0 18px}h2{font-size:22px;text-align:center;margin:20px 0}
h3{font-size:17px;margin:18px 0 6px}p{text-indent:2em;margin:6px 0}table{border-collapse:collapse;width:100%;font-size:14px;margin:8px 0}
td,th{border:1px solid #999;padding:4px 6px;text-align:center}th{background:#f2f2f2}figure{margin:10px 0;text-align:center}
.foot{border-top:1px solid #c00;margin-top:28px;font-size:13px;color:#555}</style></head><body>
<div class="head"><h1>${esc(kindName)}</h1><div>${year}年第${issue}期</div></div>
<div class="meta"><span>${esc(center)}</span><span>${dateZh(date)}</span></div>
<h2>${esc(title)}</h2>${body}
<div class="foot">本报告由城运中心数据中台根据12345热线、网格、部门工单数据自动生成初稿，经审核后报送。数据口径见系统“指标与考核”说明。</div></body></html>`;
}

const table = (head: string[], rows: (string | number)[][]) =>
  `<table><tr>${head.map((h) => `<th>${esc(h)}</th>`).join("")}</tr>${rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join("")}</tr>`).join("")}</table>`;

/** 领导参阅 (full) or 信息动态 (short) for a period. */
export function renderPeriodReport(d: PeriodData, draw: DrawChart): { title: string; html: string } {
  const period = periodZh(d.from, d.to);
  const brief = d.kind === "leadership_brief";
  const title = brief ? `${period}全区12345热线运行情况分析` : `${period}12345热线诉求动态`;
  const src = d.bySource.map((s) => `${s.label}${s.count}件（占${share(s.count, d.received)}）`).join("，");
  const top = [...d.domains].sort((a, b) => b.count - a.count).slice(0, brief ? 5 : 3);
  const rising = [...d.domains].filter((x) => x.previous > 0 && x.count >= 10).sort((a, b) => b.count / b.previous - a.count / a.previous)[0];
  const ranked = d.departments.filter((x) => x.score !== null && x.intake >= 5);
  const best = ranked.slice(0, 5);
  const worst = ranked.slice(-5).reverse();
  const parts: string[] = [];
  parts.push(`<h3>一、总体情况</h3><p>${period}，全区12345热线及网格、部门渠道共受理群众诉求${d.received}件，${change(d.received, d.previousReceived)}。其中${src}。` +
    `即时答复办结${d.immediate}件，派单办理${d.dispatched}件；响应率${pct(d.rates.responseRate)}，按时办结率${pct(d.rates.onTimeClosureRate)}，` +
    `群众满意率${pct(d.rates.satisfactionRate)}，重办率${pct(d.rates.reopenRate)}，平均办理时长${d.rates.avgHandlingDays ?? "—"}天。截至目前仍有${d.overdueNow}件工单超期未办结。</p>`);
  if (brief && d.daily.length > 1) {
    const items = d.daily.map((p) => ({ label: `${local(p.at).getUTCMonth() + 1}/${local(p.at).getUTCDate()}`, value: p.count }));
    parts.push(`<figure>${draw({ kind: "line", title: "每日受理量", items })}</figure>`);
  }
  parts.push(`<h3>二、诉求热点</h3>`);
  top.forEach((x, i) => parts.push(`<p>（${"一二三四五"[i]}）${esc(x.label)}类诉求${x.count}件，占${share(x.count, d.received)}，${change(x.count, x.previous)}。</p>`));
  if (d.streets.length) parts.push(`<p>从区域看，诉求较多的是${d.streets.slice(0, 3).map((s) => `${esc(s.label)}（${s.count}件）`).join("、")}。</p>`);
  if (brief) parts.push(`<figure>${draw({ kind: "bar", title: "主要领域诉求量", items: top.map((x) => ({ label: x.label, value: x.count })) })}</figure>`);
  if (brief) {
    parts.push(`<h3>三、部门办理情况</h3><p>按考核得分（满分100分，含不满意、重办、超期扣分），本期排名靠前和靠后的单位如下（受理5件以上）。</p>`);
    const row = (x: PeriodData["departments"][number]) => [x.name, x.intake, x.score ?? "—", pct(x.onTimeClosureRate), pct(x.satisfactionRate), x.dissatisfied];
    parts.push(table(["单位", "受理", "得分", "按时办结率", "满意率", "不满意件"], [...best.map(row), ...(worst.length ? [["…", "", "", "", "", ""]] : []), ...worst.map(row)]));
  }
  parts.push(`<h3>${brief ? "四" : "三"}、预警情况</h3>`);
  if (d.warnings.length === 0) parts.push(`<p>本期未发布预警。</p>`);
  else {
    const byKind = new Map<string, number>();
    for (const w of d.warnings) byKind.set(w.kindLabel, (byKind.get(w.kindLabel) ?? 0) + 1);
    parts.push(`<p>本期共发布预警${d.warnings.length}条，其中${[...byKind].map(([k, n]) => `${k}${n}条`).join("、")}。</p>`);
    if (brief) parts.push(table(["时间", "类型", "等级", "预警", "状态"], d.warnings.slice(0, 10).map((w) => [timeZh(w.raisedAt), w.kindLabel, w.severityLabel, w.title, w.statusLabel])));
  }
  if (brief) {
    const advice: string[] = [];
    if (rising) advice.push(`${rising.label}类诉求${change(rising.count, rising.previous)}，建议相关主管部门分析成因，提前研判，变“接诉即办”为“未诉先办”。`);
    if (worst.length) advice.push(`对${worst.slice(0, 3).map((x) => x.name).join("、")}等得分靠后的单位，建议通过电话督办、现场督办等方式跟踪整改，压实办理责任。`);
    if (d.overdueNow > 0) advice.push(`目前仍有${d.overdueNow}件工单超期，建议督办组逐件跟进，按时限办结。`);
    advice.push(`持续做好群众回访和“回头看”，对不满意、重办工单深挖原因，推动从“解决一件事”向“解决一类事”转变。`);
    parts.push(`<h3>五、意见建议</h3>${advice.map((a, i) => `<p>${i + 1}. ${esc(a)}</p>`).join("")}`);
  }
  const kindName = REPORT_KIND_LABELS[d.kind].zh;
  return { title: `${kindName}（${local(d.generatedAt).getUTCFullYear()}年第${d.issue}期）：${title}`, html: page(kindName, d.issue, local(d.generatedAt).getUTCFullYear(), d.center, d.generatedAt, title, parts.join("\n")) };
}

/** 预警专报 for one warning. */
export function renderBulletin(d: BulletinData, draw: DrawChart): { title: string; html: string } {
  const w = d.warning;
  const title = w.title;
  const parts: string[] = [];
  // Details carry an English gloss after " / " for GraphiQL readers; a Chinese document drops it.
  parts.push(`<h3>一、预警概况</h3><p>${timeZh(w.raisedAt)}，系统发布${esc(w.severityLabel)}等级${esc(w.kindLabel)}预警：${esc(w.detail.split(" / ")[0])}</p>`);
  parts.push(`<p>截至${timeZh(w.updatedAt)}，相关工单${d.evidenceTotal}件，当前状态为“${esc(w.statusLabel)}”${w.acknowledged ? `，${esc(w.acknowledged)}` : ""}${w.resolved ? `，${esc(w.resolved)}` : ""}。</p>`);
  if (d.evidence.length) {
    const byPlace = new Map<string, number>();
    for (const e of d.evidence) byPlace.set(e.place, (byPlace.get(e.place) ?? 0) + 1);
    parts.push(`<h3>二、诉求情况</h3><p>相关诉求主要集中在${[...byPlace].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([p, n]) => `${esc(p)}（${n}件）`).join("、")}。部分诉求如下：</p>`);
    parts.push(table(["受理时间", "区域", "渠道", "诉求摘要"], d.evidence.slice(0, 15).map((e) => [timeZh(e.receivedAt), e.place, e.channel, e.text])));
    if (byPlace.size > 1) parts.push(`<figure>${draw({ kind: "bar", title: "相关诉求区域分布", items: [...byPlace].slice(0, 8).map(([label, value]) => ({ label, value })) })}</figure>`);
    parts.push(`<figure>${draw({ kind: "bar", title: "相关诉求时间分布", items: timeline(d.evidence.map((e) => e.receivedAt)) })}</figure>`);
  }
  parts.push(`<h3>${d.evidence.length ? "三" : "二"}、处置建议</h3><p>${esc(d.advice)}</p>`);
  const kindName = REPORT_KIND_LABELS.warning_bulletin.zh;
  return { title: `${kindName}（${local(d.generatedAt).getUTCFullYear()}年第${d.issue}期）：${title}`, html: page(kindName, d.issue, local(d.generatedAt).getUTCFullYear(), d.center, d.generatedAt, title, parts.join("\n")) };
}

/** Counts by local hour (a short span) or by day, oldest first, for a bar chart. */
function timeline(times: Date[]): { label: string; value: number }[] {
  if (times.length === 0) return [];
  const span = Math.max(...times.map((t) => t.getTime())) - Math.min(...times.map((t) => t.getTime()));
  const byHour = span <= 48 * 3_600_000;
  const counts = new Map<string, { at: number; value: number }>();
  for (const t of times) {
    const l = local(t);
    const label = `${l.getUTCMonth() + 1}/${l.getUTCDate()}${byHour ? ` ${l.getUTCHours()}时` : ""}`;
    const c = counts.get(label) ?? { at: t.getTime(), value: 0 };
    c.value++;
    c.at = Math.min(c.at, t.getTime());
    counts.set(label, c);
  }
  return [...counts].sort((a, b) => a[1].at - b[1].at).slice(-12).map(([label, c]) => ({ label, value: c.value }));
}

/** What to do about each kind of warning, as the bulletin's recommendation. */
export const BULLETIN_ADVICE: Record<WarningKind, string> = {
  surge: "建议属地街道和主管部门立即核实现场情况，启动相应应急处置；受理转办组对同类诉求并案派单、统一答复，督办组跟踪处置进度，必要时提级至中环协同。",
  repeat: "建议主办单位对该来电人（地点）诉求开展上门回访，查明反复来电原因，一次性解决到位；督办组对重复诉求办理情况跟踪督办。",
  collective: "建议属地街道牵头，会同主管部门现场调处，做好解释疏导，防止矛盾激化；涉及多部门的，启动一键会商。",
  overdue: "建议责任单位逐件说明超期原因、明确办结时限；督办组按电话督办、书面督办逐级升级。",
  due_soon: "建议责任单位优先办理即将到期工单，确需延期的按规定申请。",
  department_quality: "建议该单位对不满意、重办工单逐件复盘，热线服务专员跟进整改，纳入月度考核通报。",
  proactive: "建议责任单位在季节到来前对所列点位逐一排查整治，变“接诉即办”为“未诉先办”，整治情况报城运中心备案。",
};
