import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { printCityOpsSchema, SDL_FILE } from "../../server/src/graphql/sdl.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

describe("schema drift", () => {
  it("has a migration for every change of the drizzle schema", () => {
    const out = mkdtempSync(path.join(tmpdir(), "cityops-drift-"));
    try {
      cpSync(path.join(root, "migrations"), out, { recursive: true });
      const before = readdirSync(out).filter((f) => f.endsWith(".sql")).length;
      // drizzle-kit diffs the schema against the latest snapshot; a new SQL file means drift.
      // drizzle-kit resolves --out against the working directory, even when absolute.
      const cwd = path.join(root, "schema");
      const printed = execFileSync(
        process.execPath,
        ["--import", "tsx", "node_modules/drizzle-kit/bin.cjs", "generate", "--dialect=postgresql", "--schema=./src/tables/*.ts", `--out=${path.relative(cwd, out)}`],
        { cwd, stdio: "pipe", encoding: "utf8" },
      );
      expect(printed).toMatch(/No schema changes|Your SQL migration file/);
      const after = readdirSync(out).filter((f) => f.endsWith(".sql"));
      expect(after.length, `drizzle-kit generated ${after.at(-1)}: run \`pnpm db:generate\` and commit the migration`).toBe(before);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);

  it("keeps schema/schema.graphql equal to what the resolvers build", async () => {
    const built = await printCityOpsSchema();
    expect(readFileSync(SDL_FILE, "utf8"), "run `pnpm --filter @cityops/server run emit-schema` and commit schema.graphql").toBe(built);
  });
});
