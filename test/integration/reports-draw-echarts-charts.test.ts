import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { modes } from "../helpers/db.js";
import { startTestHub, type TestHub } from "../helpers/hub.js";

/**
 * A report's charts are ECharts' own server-side SVG (what the wall draws with), inline in the
 * document, with the chart's Chinese labels as text a reader can select and a printer keeps sharp.
 */

/** The inline charts of a document, one `<svg>…</svg>` each. */
const charts = (html: string) => [...html.matchAll(/<figure>(<svg[\s\S]*?<\/svg>)<\/figure>/g)].map((m) => m[1]!);
const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);

describe.each(modes())("a drafted report on %s", (mode) => {
  let t: TestHub;
  let leader: string;

  beforeAll(async () => {
    t = await startTestHub(mode);
    leader = await t.token("leader");
  });
  afterAll(async () => t?.close());

  it("draws its charts with ECharts' SVG renderer, labelled in Chinese", async () => {
    const to = new Date();
    const from = new Date(to.getTime() - 10 * 24 * 3_600_000);
    const r = await t.gql<{ generateReport: { html: string } }>(
      `mutation($f: DateTimeISO, $t: DateTimeISO) { generateReport(kind: LEADERSHIP_BRIEF, from: $f, to: $t) { html } }`,
      { f: from.toISOString(), t: to.toISOString() },
      leader,
    );
    expect(r.errors).toBeUndefined();
    const html = r.data!.generateReport.html;

    const [daily, domains, ...rest] = charts(html);
    expect(rest).toEqual([]);
    for (const svg of [daily!, domains!]) {
      // zrender's SVG painter: its root attributes and its generated class names.
      expect(svg).toMatch(/^<svg width="640" height="\d+" xmlns="http:\/\/www\.w3\.org\/2000\/svg" xmlns:xlink="http:\/\/www\.w3\.org\/1999\/xlink" version="1\.1" baseProfile="full" viewBox="0 0 640 \d+">/);
      expect(svg).toMatch(/class="zr\d+-cls-\d+"/);
    }

    expect(texts(daily!)).toContain("每日受理量");
    // Day labels as the brief writes them (month/day), at least the first and a few after it.
    expect(texts(daily!).filter((s) => /^\d{1,2}\/\d{1,2}$/.test(s)).length).toBeGreaterThan(2);

    expect(texts(domains!)).toContain("主要领域诉求量");
    // The bars are the hot spots the text names: （一）城乡建设类诉求… → a category label 城乡建设.
    const named = [...html.matchAll(/<p>（[一二三四五]）([^<]+?)类诉求\d+件/g)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(0);
    for (const label of named) expect(texts(domains!)).toContain(label);
    // Their counts are the bars' value labels, in the same order.
    const counts = [...html.matchAll(/<p>（[一二三四五]）[^<]+?类诉求(\d+)件/g)].map((m) => m[1]!);
    expect(texts(domains!).filter((s) => /^\d+$/.test(s))).toEqual(counts);
  });
});
