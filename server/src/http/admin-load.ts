import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import express, { type Request, type Response, type Router } from "express";
import type { Services } from "../services.js";
import type { EventBus } from "../realtime/bus.js";
import type { Logger } from "../log.js";
import { authenticate } from "../auth/authenticate.js";
import { runLoad } from "../load/loader.js";
import { LoadFileError, type LoadMapping } from "../load/sheet.js";
import { LOAD_KINDS, type LoadKind } from "../store/city-load.store.js";

/** Largest file a running hub takes: a city's boundary file of 10,000+ cells is tens of megabytes. */
const MAX_FILE = "256mb";

/**
 * `POST /admin/load/:kind?file=<name>[&dryRun=1]`, the file as the body, an admin token, and the
 * mapping (if any) base64-encoded in `x-cityops-mapping`: what `cityops load` sends when a running
 * hub holds the embedded data folder. Answers the load's summary, refused rows included.
 */
export function adminLoadRouter(services: Services, bus: EventBus, secret: Uint8Array, log: Logger): Router {
  const router = express.Router();
  router.post("/:kind", express.raw({ type: () => true, limit: MAX_FILE }), async (req: Request, res: Response) => {
    try {
      const actor = await authenticate(secret, services.ref, req.headers.authorization).catch(() => null);
      if (!actor || actor.role !== "admin") return void res.status(403).json({ error: "an admin token is required / 需要管理员令牌" });
      const kind = String(req.params.kind) as LoadKind;
      if (!LOAD_KINDS.includes(kind)) return void res.status(404).json({ error: `kind must be one of ${LOAD_KINDS.join(", ")}` });
      const name = path.basename(String(req.query.file ?? `upload.${kind === "regions" ? "geojson" : "csv"}`));
      let mapping: LoadMapping = {};
      const header = req.headers["x-cityops-mapping"];
      if (typeof header === "string" && header) {
        try {
          mapping = JSON.parse(Buffer.from(header, "base64").toString("utf8")) as LoadMapping;
        } catch {
          return void res.status(400).json({ error: "x-cityops-mapping is not base64 JSON" });
        }
      }
      const dir = mkdtempSync(path.join(tmpdir(), "cityops-load-"));
      try {
        const file = path.join(dir, name);
        writeFileSync(file, Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));
        res.json(await runLoad({ kind, file, fileName: name, mapping, dryRun: req.query.dryRun === "1", actor: actor.id }, services.cityLoad, bus));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    } catch (err) {
      if (err instanceof LoadFileError || (err instanceof Error && err.message.startsWith("fields."))) return void res.status(400).json({ error: err.message });
      log.error({ err }, "load failed");
      res.status(500).json({ error: "the load failed; nothing was changed / 导入失败，未作任何修改" });
    }
  });
  return router;
}
