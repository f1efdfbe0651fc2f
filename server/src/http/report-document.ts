// GET /reports/:id — a report's document, for a signed link from `Report.url` or a Bearer token of
// a reading role. Mounted by the hub next to /graphql.

import type { Request, Response } from "express";
import type { Services } from "../services.js";
import { authenticate } from "../auth/authenticate.js";
import { linkValid, REPORT_READERS } from "../auth/report-links.js";

export function reportDocument(services: Services, secret: Uint8Array) {
  return async (req: Request, res: Response): Promise<void> => {
    const id = Number(req.params.id);
    let allowed = linkValid(secret, id, Number(req.query.exp), typeof req.query.sig === "string" ? req.query.sig : "");
    if (!allowed) {
      try {
        const actor = await authenticate(secret, services.ref, req.headers.authorization);
        allowed = actor !== null && (REPORT_READERS as readonly string[]).includes(actor.role);
      } catch {
        allowed = false;
      }
    }
    if (!allowed) {
      res.status(401).type("text/plain; charset=utf-8").send("A valid link or token is required / 需要有效的链接或令牌");
      return;
    }
    try {
      const row = await services.reports.get(id);
      res.set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:").type("text/html; charset=utf-8").send(row.body);
    } catch {
      res.status(404).type("text/plain; charset=utf-8").send("Report not found / 报告不存在");
    }
  };
}
