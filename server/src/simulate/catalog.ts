// What the simulator writes about: grid cells (with the roads and compounds their tickets name),
// the current matters of the responsibility list (with the caller's words for each) and the
// departments. Built either from a running hub's own tables (in-process) or from the seed's
// deterministic generator alone (the CLI feeding a remote hub, which holds the same demo district).

import { demoGeography, type Domain, type Geometry } from "@cityops/schema";
import type { Db } from "../db/client.js";
import type { ReferenceData } from "../store/reference.store.js";
import { currentMatters } from "../store/dispatch-sources.js";
import { demoDepartments } from "../seed/departments.js";
import { buildMatters, versionAt, type MatterSpec } from "../seed/matters.js";
import { Random } from "../seed/random.js";
import { DEFAULT_SEED } from "../seed/seed.js";
import { cellText, type CellText } from "../seed/ticket-text.js";

export interface SimCell {
  code: string;
  minLat: number;
  minLng: number;
  maxLat: number;
  maxLng: number;
  geometry: Geometry;
  rural: boolean;
  text: CellText;
}

export interface SimMatter {
  /** Row id of the current version, when known (in-process); the hub finds it itself otherwise. */
  id: number | null;
  spec: MatterSpec;
  domain: Domain;
  /** Share of its domain's tickets (the seed's weights; 1 for matters the seed does not know). */
  weight: number;
  leadDepartmentName: string;
  timeLimitDays: number;
}

export interface SimDepartment {
  id: number;
  code: string;
  name: string;
  domains: Domain[];
}

export interface Catalog {
  cells: SimCell[];
  matters: SimMatter[];
  departments: SimDepartment[];
  matterById: Map<number, SimMatter>;
}

/** The seed's matter list, keyed by name: names come from the templates alone, whatever the seed. */
function seedSpecs(now: Date): Map<string, MatterSpec> {
  const streetCodes = demoGeography()
    .filter((g) => g.level === "street")
    .map((g) => g.code);
  const specs = buildMatters(new Random(DEFAULT_SEED).fork("matters"), demoDepartments(), streetCodes, now);
  return new Map(specs.map((s) => [s.name, s]));
}

/** A matter the seed does not know (added later through upsertMatter): described by its name. */
function plainSpec(name: string, domain: Domain, timeLimitDays: number): MatterSpec {
  return {
    key: name,
    name,
    domain,
    keywords: [],
    timeLimitDays,
    theme: null,
    urgent: 0.03,
    sensor: null,
    subject: "",
    issueName: name,
    issuePhrase: name,
    weight: 1,
    streetCode: null,
    familyKey: null,
    versions: [],
  };
}

interface CellSource {
  code: string;
  name: string;
  minLat: number;
  minLng: number;
  maxLat: number;
  maxLng: number;
  geometry: Geometry;
  community: string;
  street: string;
}

function cellsFrom(rows: CellSource[], seed: number): SimCell[] {
  const rnd = new Random(seed).fork("sim-cells");
  return rows.map((c) => {
    const rural = c.street.endsWith("镇");
    return { ...c, rural, text: cellText(rnd, c.street, c.community, rural) };
  });
}

/** In-process: the hub's geography and current matters. */
export async function catalogFromDatabase(db: Db, ref: ReferenceData, seed: number, now = new Date()): Promise<Catalog> {
  const cellRows: CellSource[] = [];
  for (const r of ref.regionsAt("grid_cell")) {
    const community = r.parentId !== null ? ref.regions.get(r.parentId) : undefined;
    const street = community?.parentId ? ref.regions.get(community.parentId) : undefined;
    cellRows.push({ ...r, community: community?.name ?? "", street: street?.name ?? "" });
  }
  const current = await currentMatters(db);
  const specs = seedSpecs(now);
  const matters: SimMatter[] = current.map((m) => {
    const spec = specs.get(m.name) ?? plainSpec(m.name, m.domain, m.timeLimitDays);
    return {
      id: m.id,
      spec,
      domain: m.domain,
      weight: specs.has(m.name) ? spec.weight : 1 / Math.max(1, current.length),
      leadDepartmentName: ref.departments.get(m.leadDepartmentId)?.name ?? "相关部门",
      timeLimitDays: m.timeLimitDays,
    };
  });
  const departments = [...ref.departments.values()].map((d) => ({ id: d.id, code: d.code, name: d.name, domains: d.domains }));
  return { cells: cellsFrom(cellRows, seed), matters, departments, matterById: new Map(matters.flatMap((m) => (m.id === null ? [] : [[m.id, m]]))) };
}

/**
 * From the generator alone: the demo district a remote hub was seeded with. Department ids come
 * from the hub (its `departments` query), matched by code.
 */
export function catalogFromSeed(hubDepartments: SimDepartment[], seed: number, now = new Date()): Catalog {
  const geography = demoGeography();
  const byCode = new Map(geography.map((g) => [g.code, g]));
  const cellRows: CellSource[] = geography
    .filter((g) => g.level === "grid_cell")
    .map((g) => {
      const community = byCode.get(g.parentCode ?? "");
      const street = byCode.get(community?.parentCode ?? "");
      return { ...g, community: community?.name ?? "", street: street?.name ?? "" };
    });
  const deptSpecs = new Map(demoDepartments().map((d) => [d.key, d]));
  const matters: SimMatter[] = [...seedSpecs(now).values()].map((spec) => {
    const version = versionAt(spec, now.getTime());
    return {
      id: null,
      spec,
      domain: spec.domain,
      weight: spec.weight,
      leadDepartmentName: deptSpecs.get(version.leadKey)?.name ?? "相关部门",
      timeLimitDays: spec.timeLimitDays,
    };
  });
  return { cells: cellsFrom(cellRows, seed), matters, departments: hubDepartments, matterById: new Map() };
}
