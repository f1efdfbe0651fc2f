/**
 * Small server-side SVG charts for reports: a document must carry its charts without a browser
 * or a chart library, and print the same everywhere.
 */

export const esc = (s: unknown) =>
  String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const COLORS = ["#2f6fde", "#e8833a", "#3aa676", "#c94a4a", "#8a5cc7", "#5aa9c9", "#b89b2b", "#7a7a7a"];

/** Horizontal bars, one per item, labelled with the value. */
export function barChart(items: { label: string; value: number }[], opts: { width?: number; title?: string } = {}): string {
  const width = opts.width ?? 640;
  const row = 26;
  const labelW = 150;
  const top = opts.title ? 30 : 8;
  const height = top + items.length * row + 8;
  const max = Math.max(1, ...items.map((i) => i.value));
  const barW = width - labelW - 70;
  const bars = items
    .map((it, i) => {
      const y = top + i * row;
      const w = Math.max(1, Math.round((it.value / max) * barW));
      return (
        `<text x="${labelW - 8}" y="${y + 17}" text-anchor="end" font-size="13">${esc(it.label)}</text>` +
        `<rect x="${labelW}" y="${y + 4}" width="${w}" height="${row - 8}" fill="${COLORS[i % COLORS.length]}" rx="2"/>` +
        `<text x="${labelW + w + 6}" y="${y + 17}" font-size="12" fill="#333">${it.value}</text>`
      );
    })
    .join("");
  const title = opts.title ? `<text x="${width / 2}" y="18" text-anchor="middle" font-size="14" font-weight="bold">${esc(opts.title)}</text>` : "";
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">${title}${bars}</svg>`;
}

/** A line over time with the axis labelled at a few points. */
export function lineChart(points: { label: string; value: number }[], opts: { width?: number; height?: number; title?: string } = {}): string {
  const width = opts.width ?? 640;
  const height = opts.height ?? 220;
  const pad = { l: 44, r: 12, t: opts.title ? 30 : 10, b: 30 };
  const max = Math.max(1, ...points.map((p) => p.value));
  const n = Math.max(1, points.length - 1);
  const x = (i: number) => pad.l + ((width - pad.l - pad.r) * i) / n;
  const y = (v: number) => height - pad.b - ((height - pad.t - pad.b) * v) / max;
  const path = points.map((p, i) => `${i === 0 ? "M" : "L"}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join(" ");
  const step = Math.max(1, Math.ceil(points.length / 8));
  const ticks = points
    .map((p, i) => (i % step === 0 ? `<text x="${x(i).toFixed(1)}" y="${height - 10}" text-anchor="middle" font-size="11">${esc(p.label)}</text>` : ""))
    .join("");
  const grid = [0, 0.5, 1]
    .map((f) => {
      const v = Math.round(max * f);
      return `<line x1="${pad.l}" x2="${width - pad.r}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/><text x="${pad.l - 6}" y="${y(v) + 4}" text-anchor="end" font-size="11">${v}</text>`;
    })
    .join("");
  const title = opts.title ? `<text x="${width / 2}" y="18" text-anchor="middle" font-size="14" font-weight="bold">${esc(opts.title)}</text>` : "";
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">${title}${grid}<path d="${path}" fill="none" stroke="${COLORS[0]}" stroke-width="2"/>${ticks}</svg>`;
}
