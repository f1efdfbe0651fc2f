// Demo geography of the Huangbohai New Area (黄渤海新区, Yantai): 8 streets, ~60 communities and
// ~450 grid cells. The boundaries are invented (a jittered lattice), only the location and most
// street names are real, so every region is marked is_demo and a real boundary file can replace it.
//
// Every level is built from one lattice of shared vertices: a grid cell is one lattice square, a
// community a rectangular block of squares, a street a block of communities. Shared vertices make
// siblings tile the district exactly, with no gaps and no overlaps.

import type { Geometry } from "../geometry.js";

export type DemoRegionLevel = "street" | "community" | "grid_cell";

export interface DemoRegion {
  code: string;
  level: DemoRegionLevel;
  parentCode: string | null;
  name: string;
  nameEn: string;
  geometry: Geometry;
  centerLat: number;
  centerLng: number;
  minLat: number;
  minLng: number;
  maxLat: number;
  maxLng: number;
}

const ROWS = 19;
const COLS = 24;
const STEP_LAT = 0.0085;
const STEP_LNG = 0.0105;
const ORIGIN_LAT = 37.55 - (ROWS * STEP_LAT) / 2;
const ORIGIN_LNG = 121.25 - (COLS * STEP_LNG) / 2;
// Below 0.25 of a step every jittered square stays convex, so its centroid is always inside it.
const JITTER = 0.2;
const GEOGRAPHY_SEED = 0x12345;

/** Streets from west to east, north row first. Names are those of the area's streets and towns. */
const STREETS: readonly { zh: string; en: string }[] = [
  { zh: "潮水镇", en: "Chaoshui Town" },
  { zh: "大季家街道", en: "Dajijia Subdistrict" },
  { zh: "八角街道", en: "Bajiao Subdistrict" },
  { zh: "金沙滩街道", en: "Jinshatan Subdistrict" },
  { zh: "刘家沟镇", en: "Liujiagou Town" },
  { zh: "古现街道", en: "Guxian Subdistrict" },
  { zh: "银湖街道", en: "Yinhu Subdistrict" },
  { zh: "福莱山街道", en: "Fulaishan Subdistrict" },
];

/** Lattice rows [south..north) and column widths of the two bands of streets. */
const STREET_BANDS: readonly { rows: [number, number]; widths: number[] }[] = [
  { rows: [10, 19], widths: [7, 5, 6, 6] },
  { rows: [0, 10], widths: [6, 7, 5, 6] },
];

const COMMUNITY_NAMES: readonly [string, string][] = [
  ["金海", "Jinhai"], ["福海", "Fuhai"], ["鑫海", "Xinhai"], ["长江", "Changjiang"], ["天山", "Tianshan"],
  ["珠江", "Zhujiang"], ["黄河", "Huanghe"], ["泰山", "Taishan"], ["衡山", "Hengshan"], ["嵩山", "Songshan"],
  ["华山", "Huashan"], ["紫金", "Zijin"], ["银河", "Yinhe"], ["凤凰", "Fenghuang"], ["松林", "Songlin"],
  ["柳林", "Liulin"], ["杏林", "Xinglin"], ["桃园", "Taoyuan"], ["槐树", "Huaishu"], ["枫林", "Fenglin"],
  ["海韵", "Haiyun"], ["海滨", "Haibin"], ["渤海", "Bohai"], ["潮汐", "Chaoxi"], ["新城", "Xincheng"],
  ["阳光", "Yangguang"], ["和平", "Heping"], ["幸福", "Xingfu"], ["前进", "Qianjin"], ["东方", "Dongfang"],
  ["西城", "Xicheng"], ["南山", "Nanshan"], ["北岭", "Beiling"], ["龙湖", "Longhu"], ["锦绣", "Jinxiu"],
  ["翠屏", "Cuiping"], ["明珠", "Mingzhu"], ["丽景", "Lijing"], ["雅苑", "Yayuan"], ["聚贤", "Juxian"],
  ["仁和", "Renhe"], ["安居", "Anju"], ["康乐", "Kangle"], ["富民", "Fumin"], ["兴隆", "Xinglong"],
  ["顺达", "Shunda"], ["万福", "Wanfu"], ["祥和", "Xianghe"], ["永安", "Yong'an"], ["宝塔", "Baota"],
  ["古城", "Gucheng"], ["东岚", "Donglan"], ["西泊", "Xibo"], ["马家", "Majia"], ["王家", "Wangjia"],
  ["刘家", "Liujia"], ["孙家", "Sunjia"], ["徐家", "Xujia"], ["栾家", "Luanjia"], ["初家", "Chujia"],
  ["邹家", "Zoujia"], ["宋家", "Songjia"], ["盛泉", "Shengquan"], ["清泉", "Qingquan"], ["金沙", "Jinsha"],
  ["望海", "Wanghai"], ["观澜", "Guanlan"], ["港城", "Gangcheng"], ["御园", "Yuyuan"], ["芝水", "Zhishui"],
  ["大沙", "Dasha"], ["三里", "Sanli"], ["双山", "Shuangshan"], ["岚山", "Lanshan"],
];

const ZH_DIGITS = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/** Chinese numeral for 1..99, as used in grid names (第十二网格). */
export function chineseNumber(n: number): string {
  if (n < 10) return ZH_DIGITS[n] ?? String(n);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? "" : (ZH_DIGITS[tens] ?? "")}十${ones === 0 ? "" : (ZH_DIGITS[ones] ?? "")}`;
}

// The schema package cannot import the server's PRNG, and the geography must not depend on the
// ticket seed anyway: it is one fixed map, so that bundled wall maps and databases always agree.
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Splits n into consecutive parts of size min..max (when n allows it), in random order. */
function partition(n: number, min: number, max: number, rnd: () => number): number[] {
  const parts: number[] = [];
  let left = n;
  while (left > 0) {
    const options: number[] = [];
    for (let p = min; p <= max; p++) {
      const rest = left - p;
      // Keep only sizes after which the rest can still be split into allowed parts.
      if (rest === 0 || (rest >= min && canSplit(rest, min, max))) options.push(p);
    }
    const p = options.length > 0 ? (options[Math.floor(rnd() * options.length)] as number) : left;
    parts.push(p);
    left -= p;
  }
  return parts;
}

function canSplit(n: number, min: number, max: number): boolean {
  for (let k = 1; k * min <= n; k++) if (n <= k * max) return true;
  return false;
}

interface Block {
  r0: number;
  r1: number;
  c0: number;
  c1: number;
}

type Lattice = [number, number][][]; // [row][col] → [lng, lat]

function buildLattice(rnd: () => number): Lattice {
  const lattice: Lattice = [];
  for (let r = 0; r <= ROWS; r++) {
    const row: [number, number][] = [];
    for (let c = 0; c <= COLS; c++) {
      const jLat = (rnd() * 2 - 1) * JITTER * STEP_LAT;
      const jLng = (rnd() * 2 - 1) * JITTER * STEP_LNG;
      row.push([round6(ORIGIN_LNG + c * STEP_LNG + jLng), round6(ORIGIN_LAT + r * STEP_LAT + jLat)]);
    }
    lattice.push(row);
  }
  return lattice;
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

function vertex(lattice: Lattice, r: number, c: number): [number, number] {
  const v = lattice[r]?.[c];
  if (!v) throw new Error(`lattice vertex ${r},${c} out of range`);
  return v;
}

/** The block's outline along lattice vertices, counter-clockwise (RFC 7946), closed. */
function outline(lattice: Lattice, b: Block): number[][] {
  const ring: number[][] = [];
  for (let c = b.c0; c <= b.c1; c++) ring.push(vertex(lattice, b.r0, c));
  for (let r = b.r0 + 1; r <= b.r1; r++) ring.push(vertex(lattice, r, b.c1));
  for (let c = b.c1 - 1; c >= b.c0; c--) ring.push(vertex(lattice, b.r1, c));
  for (let r = b.r1 - 1; r >= b.r0; r--) ring.push(vertex(lattice, r, b.c0));
  return ring;
}

function ringContains(ring: number[][], lng: number, lat: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi = 0, yi = 0] = ring[i] ?? [];
    const [xj = 0, yj = 0] = ring[j] ?? [];
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function makeRegion(
  lattice: Lattice,
  block: Block,
  head: Pick<DemoRegion, "code" | "level" | "parentCode" | "name" | "nameEn">,
): DemoRegion {
  const ring = outline(lattice, block);
  let minLat = Infinity;
  let minLng = Infinity;
  let maxLat = -Infinity;
  let maxLng = -Infinity;
  for (const [lng = 0, lat = 0] of ring) {
    minLat = Math.min(minLat, lat);
    maxLat = Math.max(maxLat, lat);
    minLng = Math.min(minLng, lng);
    maxLng = Math.max(maxLng, lng);
  }
  // Area-weighted centroid (shoelace); inside for these near-rectangular shapes, checked below.
  let area = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [x0 = 0, y0 = 0] = ring[i] ?? [];
    const [x1 = 0, y1 = 0] = ring[i + 1] ?? [];
    const cross = x0 * y1 - x1 * y0;
    area += cross;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  let centerLng = cx / (3 * area);
  let centerLat = cy / (3 * area);
  if (!ringContains(ring, centerLng, centerLat)) {
    // Fall back to the middle lattice square, which is convex and so contains its own centroid.
    const r = Math.floor((block.r0 + block.r1 - 1) / 2);
    const c = Math.floor((block.c0 + block.c1 - 1) / 2);
    const square = [vertex(lattice, r, c), vertex(lattice, r, c + 1), vertex(lattice, r + 1, c + 1), vertex(lattice, r + 1, c)];
    centerLng = square.reduce((s, p) => s + p[0], 0) / 4;
    centerLat = square.reduce((s, p) => s + p[1], 0) / 4;
  }
  return {
    ...head,
    geometry: { type: "Polygon", coordinates: [ring] },
    centerLat: round6(centerLat),
    centerLng: round6(centerLng),
    minLat,
    minLng,
    maxLat,
    maxLng,
  };
}

/**
 * The demo district, parents before children: streets, then communities, then grid cells.
 * Deterministic: the same regions, codes and coordinates on every call.
 */
export function demoGeography(): DemoRegion[] {
  const rnd = mulberry32(GEOGRAPHY_SEED);
  const lattice = buildLattice(rnd);
  const streets: DemoRegion[] = [];
  const communities: DemoRegion[] = [];
  const cells: DemoRegion[] = [];

  const names = COMMUNITY_NAMES.slice();
  for (let i = names.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    const tmp = names[i] as [string, string];
    names[i] = names[j] as [string, string];
    names[j] = tmp;
  }
  let nameIndex = 0;

  let streetIndex = 0;
  for (const band of STREET_BANDS) {
    let c0 = 0;
    for (const width of band.widths) {
      const street = STREETS[streetIndex];
      if (!street) throw new Error("more street blocks than street names");
      streetIndex++;
      const streetCode = `ST${String(streetIndex).padStart(2, "0")}`;
      const sb: Block = { r0: band.rows[0], r1: band.rows[1], c0, c1: c0 + width };
      streets.push(makeRegion(lattice, sb, { code: streetCode, level: "street", parentCode: null, name: street.zh, nameEn: street.en }));

      // Communities: north to south, west to east, so C01 sits in the street's north-west corner.
      const heights = partition(sb.r1 - sb.r0, 3, 4, rnd);
      const widths = partition(width, 2, 3, rnd);
      let communityIndex = 0;
      let rTop = sb.r1;
      for (const h of heights) {
        let cc = sb.c0;
        for (const w of widths) {
          communityIndex++;
          const communityCode = `${streetCode}-C${String(communityIndex).padStart(2, "0")}`;
          const pair = names[nameIndex++];
          if (!pair) throw new Error("not enough community names");
          const [zh, en] = pair;
          const cb: Block = { r0: rTop - h, r1: rTop, c0: cc, c1: cc + w };
          communities.push(
            makeRegion(lattice, cb, { code: communityCode, level: "community", parentCode: streetCode, name: `${zh}社区`, nameEn: `${en} Community` }),
          );
          let cellIndex = 0;
          for (let r = cb.r1 - 1; r >= cb.r0; r--) {
            for (let c = cb.c0; c < cb.c1; c++) {
              cellIndex++;
              cells.push(
                makeRegion(lattice, { r0: r, r1: r + 1, c0: c, c1: c + 1 }, {
                  code: `${communityCode}-G${String(cellIndex).padStart(2, "0")}`,
                  level: "grid_cell",
                  parentCode: communityCode,
                  name: `${zh}社区第${chineseNumber(cellIndex)}网格`,
                  nameEn: `${en} Community Grid ${cellIndex}`,
                }),
              );
            }
          }
          cc += w;
        }
        rTop -= h;
      }
      c0 += width;
    }
  }
  return [...streets, ...communities, ...cells];
}
