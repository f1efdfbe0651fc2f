// The product speaks one vocabulary: every enum value has its Chinese and English names in
// @cityops/schema/vocabulary, the GraphQL docs say exactly those, no other source spells them
// beside their codes, and the module (with what the domain imports) stays free of the database.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { GraphQLEnumType } from "graphql";
import { describe, expect, it } from "vitest";
import * as V from "@cityops/schema/vocabulary";
import { buildCityOpsSchema } from "../../server/src/graphql/schema.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const entries = Object.values(V.VOCABULARY) as V.EnumVocabulary[];
const CJK = /[\u4e00-\u9fff]/;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? filesUnder(path.join(dir, d.name)) : /\.tsx?$/.test(d.name) ? [path.join(dir, d.name)] : [],
  );
}

const importsOf = (file: string) => [...readFileSync(file, "utf8").matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s+"([^"]+)"/g)].map((m) => m[1]!);

/** Every module a file loads, following relative imports, as [importer, specifier] pairs. */
function importClosure(file: string, seen = new Set<string>()): [string, string][] {
  if (seen.has(file)) return [];
  seen.add(file);
  return importsOf(file).flatMap((spec): [string, string][] => {
    if (!spec.startsWith(".")) return [[file, spec]];
    const target = path.resolve(path.dirname(file), spec.replace(/\.js$/, ".ts"));
    return [[file, spec], ...importClosure(target, seen)];
  });
}

const DATABASE_PACKAGES = /^(drizzle-orm|drizzle-kit|pg|postgres|@electric-sql\/pglite)(\/|$)/;

describe("the vocabulary", () => {
  it("names every value of every enum in Chinese and in English, and nothing else", () => {
    expect(entries.length).toBeGreaterThanOrEqual(19);
    for (const v of entries) {
      expect(Object.keys(v.labels).sort(), v.name).toEqual([...v.values].sort());
      expect(CJK.test(v.title.zh) && v.title.en.trim().length > 0, `${v.name} title`).toBe(true);
      for (const value of v.values) {
        const l = v.labels[value]!;
        expect(CJK.test(l.zh) || /^[A-Z]+$/.test(l.zh), `${v.name}.${value} zh "${l.zh}"`).toBe(true);
        expect(l.en.trim(), `${v.name}.${value} en`).not.toBe("");
        expect(CJK.test(l.en), `${v.name}.${value} en "${l.en}"`).toBe(false);
      }
      // Two values of one enum with one name could not be told apart on the wall or in a report.
      expect(new Set(v.values.map((x) => v.labels[x]!.zh)).size, `${v.name}: a Chinese name used twice`).toBe(v.values.length);
      expect(new Set(v.values.map((x) => v.labels[x]!.en)).size, `${v.name}: an English name used twice`).toBe(v.values.length);
    }
  });

  it("lists every enum of the module in VOCABULARY, so none escapes the GraphQL docs or this test", () => {
    const registered = new Set(entries.map((v) => v.values));
    const arrays = Object.entries(V).filter(([, x]) => Array.isArray(x) && x.every((s) => typeof s === "string"));
    expect(arrays.length).toBe(entries.length);
    for (const [name, values] of arrays) expect(registered.has(values as readonly string[]), name).toBe(true);
  });

  it("does not compile a value without names", () => {
    // @ts-expect-error: "reopened" and six more statuses have no names.
    const missing = { received: { zh: "已受理", en: "Received" } } satisfies V.Labels<V.TicketStatus>;
    expect(Object.keys(missing)).toHaveLength(1);
  });

  it("is what GraphQL's enums and their descriptions say", async () => {
    const schema = await buildCityOpsSchema();
    for (const v of entries) {
      const type = schema.getType(v.name);
      expect(type, v.name).toBeInstanceOf(GraphQLEnumType);
      const e = type as GraphQLEnumType;
      expect(e.description).toBe(`${v.title.zh} / ${v.title.en}`);
      expect(e.getValues().map((x) => x.value).sort()).toEqual([...v.values].sort());
      for (const x of e.getValues()) {
        const l = v.labels[x.value as string]!;
        const d = v.details?.[x.value as string];
        expect(x.name).toBe((x.value as string).toUpperCase());
        expect(x.description, `${v.name}.${x.name}`).toBe(d ? `${l.zh}（${d.zh}）/ ${l.en}: ${d.en}` : `${l.zh} / ${l.en}`);
      }
    }
  });

  it("is spelled beside its codes nowhere else in the hub, the wall or the schema package", () => {
    const files = [...filesUnder(path.join(root, "server/src")), ...filesUnder(path.join(root, "wall/src")), ...filesUnder(path.join(root, "schema/src"))].filter(
      (f) => !f.endsWith(path.join("schema", "src", "vocabulary.ts")),
    );
    const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    // `value: "名称"`, `value: ["名称", …]`, `value: { zh: "名称" …` and taxonomy rows `["value", "名称", …]`.
    const patterns = entries.flatMap((v) =>
      v.values.map((value) => {
        const [code, zh] = [esc(value), esc(v.labels[value]!.zh)];
        return { what: `${v.name}.${value}`, re: new RegExp(`\\b${code}"?\\s*:\\s*[[{]?\\s*(?:zh:\\s*)?"${zh}"|"${code}",\\s*"${zh}"`) };
      }),
    );
    const found: string[] = [];
    for (const f of files) {
      const text = readFileSync(f, "utf8");
      for (const p of patterns) if (p.re.test(text)) found.push(`${path.relative(root, f)}: ${p.what}`);
    }
    expect(found).toEqual([]);
  });

  it("keeps the database out of the vocabulary and of everything the domain takes from the schema package", () => {
    const pkg = JSON.parse(readFileSync(path.join(root, "schema/package.json"), "utf8")) as { exports: Record<string, string> };
    const domainImports = filesUnder(path.join(root, "server/src/domain")).flatMap((f) => importsOf(f).filter((s) => s.startsWith("@cityops/schema")));
    expect(domainImports).toContain("@cityops/schema/vocabulary");
    // Not the package's root: it loads the tables.
    expect(domainImports).not.toContain("@cityops/schema");
    for (const spec of new Set(["@cityops/schema/vocabulary", ...domainImports])) {
      const entry = pkg.exports[`.${spec.slice("@cityops/schema".length)}`];
      expect(entry, spec).toBeDefined();
      const closure = importClosure(path.join(root, "schema", entry!));
      expect(closure.filter(([, s]) => !s.startsWith(".")), spec).toEqual([]);
      expect(closure.filter(([, s]) => DATABASE_PACKAGES.test(s))).toEqual([]);
    }
    // And the root does load the tables: the check above looks at the right thing.
    expect(importClosure(path.join(root, "schema/src/index.ts")).some(([, s]) => DATABASE_PACKAGES.test(s))).toBe(true);
  });
});
