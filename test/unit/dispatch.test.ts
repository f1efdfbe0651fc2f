import { existsSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { Bm25Index } from "../../server/src/domain/dispatch/bm25.js";
import {
  DispatchSuggester,
  type HistoryDoc,
  type MatterDoc,
  type PrecedentDoc,
} from "../../server/src/domain/dispatch/suggester.js";
import { queryTermWeights, termKind, tokenize } from "../../server/src/domain/dispatch/tokenize.js";
import { parseCsv, parseCsvRecords } from "../bench/csv.js";
import { evaluateNyc, NYC_311_FILE } from "../bench/dispatch-nyc.js";

const CITY_MANAGEMENT = 1;
const ENVIRONMENT = 2;
const HOUSING = 3;
const MARKET = 4;
const STREET_OFFICE = 5;
const TRANSPORT = 6;
const TRAFFIC_POLICE = 7;
const FIRE = 8;

const MATTERS: MatterDoc[] = [
  {
    matterId: 101,
    departmentId: CITY_MANAGEMENT,
    name: "占道经营管理",
    keywords: ["占道经营", "流动摊贩", "摆摊"],
    legalBasis: "《城市市容和环境卫生管理条例》第十四条",
    domain: "CITY_MANAGEMENT",
  },
  {
    matterId: 102,
    departmentId: ENVIRONMENT,
    name: "餐饮油烟污染监管",
    keywords: ["油烟", "餐饮油烟", "烧烤油烟"],
    legalBasis: "《中华人民共和国大气污染防治法》第八十一条",
    domain: "ECOLOGY_ENVIRONMENT",
  },
  {
    matterId: 103,
    departmentId: HOUSING,
    name: "物业服务监督管理",
    keywords: ["物业", "物业费", "电梯故障"],
    legalBasis: "《物业管理条例》第五条",
    domain: "URBAN_RURAL_CONSTRUCTION",
  },
  {
    matterId: 104,
    departmentId: MARKET,
    name: "预付卡消费纠纷处理",
    keywords: ["预付卡", "办卡", "退费"],
    legalBasis: "《单用途商业预付卡管理办法》第三条",
    domain: "MARKET_REGULATION",
  },
  {
    matterId: 105,
    departmentId: ENVIRONMENT,
    name: "社会生活噪声污染防治",
    keywords: ["噪音", "噪声", "扰民"],
    legalBasis: "《中华人民共和国噪声污染防治法》第六十一条",
    domain: "ECOLOGY_ENVIRONMENT",
  },
  {
    matterId: 106,
    departmentId: TRANSPORT,
    name: "公交线路与站点设置",
    keywords: ["公交", "公交车", "公交站点"],
    legalBasis: "《城市公共交通条例》第十二条",
    domain: "TRANSPORT",
  },
];

const COMPOUND_VENDORS: PrecedentDoc = {
  precedentId: 9001,
  departmentId: STREET_OFFICE,
  matterId: 101,
  title: "小区内部占道经营由属地街道处置",
  summary: "住宅小区内部的占道经营由属地街道办事处牵头处置",
  keywords: ["小区内部", "小区", "占道经营"],
};

function withMatters(): DispatchSuggester {
  const s = new DispatchSuggester();
  s.addMatters(MATTERS);
  return s;
}

describe("dispatch tokenizer", () => {
  it("splits Chinese into characters and bigrams and Latin runs into lowercased words", () => {
    const tokens = tokenize("WiFi信号差");
    expect(tokens).toContain("wifi");
    expect(tokens).toEqual(expect.arrayContaining(["信", "号", "差", "信号", "号差"]));
    expect(tokens.some((t) => t.includes("wifi") && t !== "wifi")).toBe(false);
  });

  it("drops function characters as single tokens but keeps them inside bigrams", () => {
    const tokens = tokenize("楼上的噪音");
    expect(tokens).not.toContain("的");
    expect(tokens).toContain("上的");
    expect(tokens).toContain("的噪");
  });

  it("does not build bigrams across punctuation between Chinese runs", () => {
    expect(tokenize("油烟，噪音")).not.toContain("烟噪");
  });

  it("normalises full-width text and pairs words across punctuation but not across a Chinese run", () => {
    expect(tokenize("Ｎｏｉｓｅ - Residential")).toEqual(["noise", "residential", "noise_residential"]);
    expect(tokenize("noise 噪音 residential")).not.toContain("noise_residential");
  });

  it("drops English stopwords and folds plurals", () => {
    expect(tokenize("The noises of the companies")).toEqual(["noise", "company", "noise_company"]);
  });

  it("classifies term kinds so that single characters weigh less than bigrams in a query", () => {
    expect(termKind("水")).toBe("cjkChar");
    expect(termKind("噪音")).toBe("cjkBigram");
    expect(termKind("noise_residential")).toBe("wordBigram");
    const weights = queryTermWeights("停水停水");
    expect(weights.get("停水") ?? 0).toBeGreaterThan(weights.get("停") ?? 0);
    // Repetition counts, but sublinearly.
    expect(weights.get("停水") ?? 0).toBeGreaterThan(queryTermWeights("停水").get("停水") ?? 0);
    expect(weights.get("停水") ?? 0).toBeLessThan(2 * (queryTermWeights("停水").get("停水") ?? 0));
  });
});

describe("bm25 index", () => {
  const q = (...terms: string[]) => terms.map((term) => ({ term, weight: 1, mass: 1 }));

  it("ranks documents matching rarer terms above those matching common ones", () => {
    const index = new Bm25Index();
    index.addDocument(["common", "rare"]);
    index.addDocument(["common", "other"]);
    index.addDocument(["common", "other"]);
    const hits = index.search(q("common", "rare"), 10);
    expect(hits[0]?.doc).toBe(0);
    expect(hits[0]?.matched).toBe(2);
    expect(hits).toHaveLength(3);
  });

  it("prefers the shorter document for the same match and honours the limit", () => {
    const index = new Bm25Index();
    index.addDocument(["x", "a", "b", "c", "d", "e"]);
    index.addDocument(["x", "a"]);
    index.addDocument(["y"]);
    const hits = index.search(q("x"), 1);
    expect(hits.map((h) => h.doc)).toEqual([1]);
  });

  it("returns nothing for terms it has never seen", () => {
    const index = new Bm25Index();
    index.addDocument(["a"]);
    expect(index.search(q("zzz"), 5)).toEqual([]);
  });
});

describe("dispatch suggestions", () => {
  it("ranks the department whose matter keywords match the Chinese text first", () => {
    const [first] = withMatters().suggest("小区门口烧烤店油烟很大，呛得没法开窗");
    expect(first?.departmentId).toBe(ENVIRONMENT);
    expect(first?.matterId).toBe(102);
    expect(first?.legalBasis).toContain("大气污染防治法");
    expect(first?.precedentId).toBeNull();
    expect(first?.reason).toContain("餐饮油烟污染监管");
  });

  it("picks a different matter for a different request", () => {
    const [first] = withMatters().suggest("健身房办了预付卡，现在关门了，要求退费");
    expect(first?.departmentId).toBe(MARKET);
    expect(first?.matterId).toBe(104);
  });

  it("returns one entry per department, scored by its best matter, ranked by score", () => {
    const suggestions = withMatters().suggest("楼下烧烤油烟和噪音扰民严重");
    const departments = suggestions.map((s) => s.departmentId);
    expect(new Set(departments).size).toBe(departments.length);
    expect(departments[0]).toBe(ENVIRONMENT);
    for (let i = 1; i < suggestions.length; i++) {
      expect(suggestions[i - 1]?.score ?? 0).toBeGreaterThanOrEqual(suggestions[i]?.score ?? 0);
    }
  });

  it("honours the limit", () => {
    expect(withMatters().suggest("物业 油烟 预付卡 公交 摆摊", 2)).toHaveLength(2);
  });

  it("suggests nothing for empty, punctuation-only or unrelated text", () => {
    const s = withMatters();
    expect(s.suggest("")).toEqual([]);
    expect(s.suggest("，。！？")).toEqual([]);
    expect(s.suggest("zzzz qqqq")).toEqual([]);
  });

  it("lets a precedent override the responsibility list for the same class of request", () => {
    const text = "我们小区内部有人占道经营摆摊卖菜";
    const [listed] = withMatters().suggest(text);
    expect(listed?.departmentId).toBe(CITY_MANAGEMENT);

    const s = withMatters();
    s.addPrecedents([COMPOUND_VENDORS]);
    const [first, second] = s.suggest(text);
    expect(first?.departmentId).toBe(STREET_OFFICE);
    expect(first?.precedentId).toBe(9001);
    // The precedent reassigns a listed matter, so the suggestion keeps that matter's legal basis.
    expect(first?.matterId).toBe(101);
    expect(first?.legalBasis).toContain("市容");
    expect(first?.reason).toContain("判例");
    expect(second?.departmentId).toBe(CITY_MANAGEMENT);
    // The reassigned matter no longer carries its full weight for the listed department.
    expect(second?.score ?? Infinity).toBeLessThan(0.5 * (listed?.score ?? 0));
  });

  it("keeps the listed department for requests outside the precedent's class", () => {
    const s = withMatters();
    s.addPrecedents([COMPOUND_VENDORS]);
    expect(s.suggest("主干道路边流动摊贩摆摊堵路")[0]?.departmentId).toBe(CITY_MANAGEMENT);
  });

  it("learns from resolved history when matters do not match", () => {
    const s = withMatters();
    const history: HistoryDoc[] = [
      { departmentId: TRAFFIC_POLICE, matterId: null, text: "共享单车乱停放堵住人行道" },
      { departmentId: TRAFFIC_POLICE, matterId: null, text: "地铁站门口共享单车停放混乱" },
      { departmentId: TRAFFIC_POLICE, matterId: null, text: "共享单车堆在盲道上" },
      { departmentId: HOUSING, matterId: 103, text: "小区电梯故障多次报修物业不管" },
    ];
    s.addHistory(history);
    expect(withMatters().suggest("商场门口共享单车停得乱七八糟").map((x) => x.departmentId)).not.toContain(
      TRAFFIC_POLICE,
    );
    const [first] = s.suggest("商场门口共享单车停得乱七八糟");
    expect(first?.departmentId).toBe(TRAFFIC_POLICE);
    expect(first?.matterId).toBeNull();
    expect(first?.reason).toContain("相似工单");
  });

  it("follows the department most similar tickets finally ended at", () => {
    const s = new DispatchSuggester();
    const charging = "楼道里电动车充电有火灾隐患";
    s.addHistory([
      { departmentId: FIRE, matterId: 501, text: charging },
      { departmentId: FIRE, matterId: 501, text: charging },
      { departmentId: FIRE, matterId: 501, text: `${charging}，请处理` },
      { departmentId: STREET_OFFICE, matterId: null, text: charging },
    ]);
    const suggestions = s.suggest("我家楼道有人给电动车充电，担心起火");
    expect(suggestions.map((x) => x.departmentId)).toEqual([FIRE, STREET_OFFICE]);
    expect(suggestions[0]?.matterId).toBe(501);
    // Identical texts are stored once with their department counts.
    expect(s.size).toEqual({ matters: 0, precedents: 0, historyTickets: 4, historyTexts: 2 });
  });

  it("ranks an exact historical match above a vaguely similar majority", () => {
    const s = new DispatchSuggester();
    s.addHistory([
      { departmentId: 1, matterId: null, text: "Noise - Residential Loud Music/Party" },
      ...Array.from({ length: 8 }, (_, i) => ({ departmentId: 2, matterId: null, text: `Noise - Commercial case ${i}` })),
    ]);
    expect(s.suggest("Noise - Residential Loud Music/Party")[0]?.departmentId).toBe(1);
  });

  it("stays fast with a responsibility list and history of district size", () => {
    const s = syntheticSuggester(5_500, 30_000);
    const rand = prng(7);
    const times: number[] = [];
    for (let i = 0; i < 300; i++) {
      const text = randomText(rand, 12 + Math.floor(rand() * 40));
      const start = performance.now();
      s.suggest(text);
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const p95 = times[Math.floor(times.length * 0.95)] ?? Infinity;
    // A few ms on a quiet machine; the margin covers a shared two-core CI box.
    expect(p95).toBeLessThan(25);
  });
});

describe("csv reader", () => {
  it("handles quoted commas, doubled quotes, line breaks in quotes and CRLF", () => {
    const rows = parseCsv('a,b,c\r\n1,"x, y","say ""hi"""\r\n2,"two\nlines",\r\n');
    expect(rows).toEqual([
      ["a", "b", "c"],
      ["1", "x, y", 'say "hi"'],
      ["2", "two\nlines", ""],
    ]);
  });

  it("keys records by header and pads short rows", () => {
    expect(parseCsvRecords("\uFEFFk,v\n1\n")).toEqual([{ k: "1", v: "" }]);
  });
});

describe("dispatch on New York 311 data", () => {
  it.skipIf(!existsSync(NYC_311_FILE))("predicts the agency of held-out requests from resolved history", () => {
    const r = evaluateNyc();
    expect(r.trainSize + r.testSize).toBe(1000);
    expect(r.testSize).toBeGreaterThan(200);
    expect(r.top1).toBeGreaterThan(0.85);
    expect(r.top3).toBeGreaterThanOrEqual(r.top1);
    expect(r.p95Ms).toBeLessThan(10);
  });
});

/** Deterministic generator so the scale test measures the same work every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CHAR_POOL = Array.from(
  "的小区楼道电梯物业停水停电噪音油烟垃圾占道经营摊贩违建绿化路灯井盖积水公交出租车工资社保医保学校医院疫苗诈骗消防燃气供暖农药补贴低保养老婚姻社区网格街道投诉举报咨询求助建议处理维修管理污染排放价格食品药品",
);

function randomText(rand: () => number, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += CHAR_POOL[Math.floor(rand() * CHAR_POOL.length)] ?? "";
  return out;
}

function syntheticSuggester(matters: number, history: number): DispatchSuggester {
  const rand = prng(42);
  const s = new DispatchSuggester();
  s.addMatters(
    Array.from({ length: matters }, (_, i) => ({
      matterId: i + 1,
      departmentId: (i % 80) + 1,
      name: randomText(rand, 6 + Math.floor(rand() * 6)),
      keywords: [randomText(rand, 2), randomText(rand, 3), randomText(rand, 4)],
      legalBasis: "",
      domain: "CITY_MANAGEMENT",
    })),
  );
  s.addHistory(
    Array.from({ length: history }, (_, i) => ({
      departmentId: (i % 80) + 1,
      matterId: null,
      text: randomText(rand, 15 + Math.floor(rand() * 45)),
    })),
  );
  return s;
}
