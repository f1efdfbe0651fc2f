import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/** The docs are reference: the map stays short, and every path it and the README name exists. */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const read = (f: string) => readFileSync(path.join(root, f), "utf8");

/** Backquoted or linked paths with a slash or a file extension, resolved against the usual roots. */
function namedPaths(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/`([^`\s]+)`|\]\(([^)#\s]+)/g)) {
    const p = (m[1] ?? m[2])!.replace(/[#:].*$/, "").replace(/\/$/, "");
    if (/^[a-z0-9_.-]+(\/[A-Za-z0-9_.*-]+)+$/i.test(p) || /^[\w.-]+\.(ts|md|json|js|mjs|sql|yaml)$/.test(p)) out.add(p);
  }
  return [...out];
}

function exists(p: string, from: string[]): boolean {
  if (p.includes("*")) {
    const dir = p.slice(0, p.lastIndexOf("/"));
    return from.some((base) => existsSync(path.join(root, base, dir)));
  }
  return from.some((base) => existsSync(path.join(root, base, p)));
}

describe("the docs", () => {
  it("keep ARCHITECTURE.md a five-minute map: at most 1,500 words", () => {
    // Every whitespace-separated token, as `wc -w` counts: the diagram's boxes are read too.
    const words = read("docs/ARCHITECTURE.md").split(/\s+/).filter(Boolean).length;
    expect(words).toBeLessThanOrEqual(1500);
  });

  it("name only paths that exist in ARCHITECTURE.md", () => {
    const bases = ["", "docs", "server/src", "server", "schema/src", "schema", "test", "wall/src", "wall"];
    const missing = namedPaths(read("docs/ARCHITECTURE.md")).filter((p) => !exists(p, bases));
    expect(missing).toEqual([]);
  });

  it("list every folder under server/src in the README's layout", () => {
    const layout = read("README.md").split("## Layout")[1]!.split("```")[1]!;
    const folders = readdirSync(path.join(root, "server/src")).filter((f) => statSync(path.join(root, "server/src", f)).isDirectory());
    expect(folders.filter((f) => !layout.includes(`${f}/`))).toEqual([]);
  });
});
