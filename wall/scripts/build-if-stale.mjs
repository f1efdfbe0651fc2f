// Builds the web bundle when dist/ is missing or older than any source file, so `pnpm start`
// builds once on a fresh clone and restarts stay fast.
import { existsSync, readdirSync, statSync } from "node:fs";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const newest = (p) => {
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(p).map((f) => newest(path.join(p, f))));
};
// The bundle also compiles the product's vocabulary from the schema package.
const sources = ["src", "index.html", "graphiql.html", "vite.config.ts", "public", "../schema/src"]
  .map((f) => path.join(root, f))
  .filter(existsSync);
const stamp = path.join(root, "dist", "index.html");
if (existsSync(stamp) && statSync(stamp).mtimeMs >= Math.max(...sources.map(newest))) {
  console.error("wall: bundle is up to date");
} else {
  console.error("wall: building the web bundle (wall and GraphiQL)…");
  execFileSync(process.execPath, [path.join(root, "node_modules/vite/bin/vite.js"), "build", "--logLevel", "warn"], { cwd: root, stdio: "inherit" });
}
