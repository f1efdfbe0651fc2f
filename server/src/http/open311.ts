import { randomUUID } from "node:crypto";
import express, { type Request, type Response, type Router } from "express";
import { and, desc, eq, gte, inArray, isNull, lt, sql, type SQL } from "drizzle-orm";
import { matters, tickets, type TicketStatus } from "@cityops/schema";
import type { Services } from "../services.js";
import type { Actor } from "../domain/actor.js";
import { authenticate } from "../auth/authenticate.js";
import { DomainError } from "../domain/errors.js";
import { maskPhonesInText } from "../domain/masking.js";

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) over the hub, for third-party apps
 * that speak the international standard: services are the current matters of the responsibility
 * list, requests are tickets. `api_key` is a CityOps token (operator or admin may post).
 */
type Format = "json" | "xml";

const esc = (s: string) => s.replace(/[<>&'"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c]!);

function toXml(root: string, item: string, rows: Record<string, unknown>[]): string {
  const field = (k: string, v: unknown): string =>
    Array.isArray(v) ? `<${k}>${v.map((x) => `<value>${esc(String(x))}</value>`).join("")}</${k}>` : v === null || v === undefined ? `<${k}/>` : `<${k}>${esc(String(v))}</${k}>`;
  return `<?xml version="1.0" encoding="utf-8"?>\n<${root}>${rows.map((r) => `<${item}>${Object.entries(r).map(([k, v]) => field(k, v)).join("")}</${item}>`).join("")}</${root}>`;
}

function send(res: Response, format: Format, root: string, item: string, rows: Record<string, unknown>[], status = 200) {
  if (format === "xml") res.status(status).type("application/xml").send(toXml(root, item, rows));
  else res.status(status).json(rows);
}

function error(res: Response, format: Format, status: number, description: string) {
  send(res, format, "errors", "error", [{ code: status, description }], status);
}

const OPEN: readonly TicketStatus[] = ["received", "dispatched", "accepted", "returned", "in_progress", "replied", "called_back", "reopened"];

export function open311Router(services: Services, secret: Uint8Array): Router {
  const router = express.Router();
  const db = services.database.db;
  router.use(express.urlencoded({ extended: false, limit: "64kb" }), express.json({ limit: "64kb" }));

  const formatOf = (req: Request): Format | null => {
    const f = String(req.params.format ?? "");
    return f === "json" || f === "xml" ? f : null;
  };
  const actorOf = async (req: Request): Promise<Actor | null> => {
    const key = (req.body as Record<string, unknown> | undefined)?.api_key ?? req.query.api_key;
    const header = req.headers.authorization ?? (typeof key === "string" && key ? `Bearer ${key}` : undefined);
    return authenticate(secret, services.ref, header);
  };
  // Production: reading requests needs a key like everything else but health.
  const readable = async (req: Request, res: Response, format: Format): Promise<boolean> => {
    if (!services.config.production) return true;
    try {
      if (await actorOf(req)) return true;
    } catch {
      /* falls through */
    }
    error(res, format, 401, "api_key required / 需要 api_key");
    return false;
  };

  router.get("/discovery.:format", (req, res) => {
    const format = formatOf(req);
    if (!format) return void res.status(404).end();
    const base = `${req.protocol}://${req.get("host")}/open311/v2/`;
    const body = {
      changeset: "2026-11-27T00:00:00Z",
      contact: "12345 政务服务便民热线 / 12345 government service hotline",
      key_service: "api_key: a CityOps token (pnpm cityops token --role operator)",
      endpoints: [{ specification: "http://wiki.open311.org/GeoReport_v2", url: base, changeset: "2026-11-27T00:00:00Z", type: "production", formats: ["application/json", "text/xml"] }],
    };
    if (format === "json") res.json(body);
    else res.type("application/xml").send(toXml("discovery", "endpoint", body.endpoints.map((e) => ({ ...e, formats: e.formats }))));
  });

  router.get("/services.:format", async (req, res) => {
    const format = formatOf(req);
    if (!format) return void res.status(404).end();
    if (!(await readable(req, res, format))) return;
    const rows = await db.select({ key: matters.key, name: matters.name, domain: matters.domain, keywords: matters.keywords, legalBasis: matters.legalBasis }).from(matters).where(isNull(matters.validTo)).orderBy(matters.key);
    send(res, format, "services", "service", rows.map((m) => ({
      service_code: m.key,
      service_name: m.name,
      description: m.legalBasis,
      metadata: false,
      type: "realtime",
      keywords: m.keywords.join(","),
      group: m.domain,
    })));
  });

  router.get("/services/:code.:format", async (req, res) => {
    const format = formatOf(req);
    if (!format) return void res.status(404).end();
    if (!(await readable(req, res, format))) return;
    const m = await services.matters.current(String(req.params.code));
    if (!m) return error(res, format, 404, `service_code ${req.params.code} not found`);
    // No extra attributes: every matter takes the standard fields only.
    if (format === "json") res.json({ service_code: m.key, attributes: [] });
    else res.type("application/xml").send(`<?xml version="1.0" encoding="utf-8"?>\n<service_definition><service_code>${esc(m.key)}</service_code><attributes/></service_definition>`);
  });

  const requestView = async (rows: (typeof tickets.$inferSelect)[]) => {
    const matterIds = [...new Set(rows.map((t) => t.matterId ?? t.suggestedMatterId).filter((x): x is number => x !== null))];
    const ms = matterIds.length ? await db.select({ id: matters.id, key: matters.key, name: matters.name }).from(matters).where(inArray(matters.id, matterIds)) : [];
    const byId = new Map(ms.map((m) => [m.id, m]));
    return rows.map((t) => {
      const raw = (t.raw ?? {}) as { open311?: { service_code?: string } };
      const m = byId.get(t.matterId ?? t.suggestedMatterId ?? -1);
      return {
        service_request_id: String(t.id),
        status: t.status === "closed" ? "closed" : "open",
        status_notes: t.reply,
        service_name: m?.name ?? null,
        service_code: raw.open311?.service_code ?? m?.key ?? "UNKNOWN",
        description: maskPhonesInText(t.content, "masked").slice(0, 4000),
        agency_responsible: t.departmentId !== null ? (services.ref.departments.get(t.departmentId)?.name ?? null) : null,
        service_notice: null,
        requested_datetime: t.receivedAt.toISOString(),
        updated_datetime: t.updatedAt.toISOString(),
        expected_datetime: t.dueAt?.toISOString() ?? null,
        address: t.address,
        address_id: null,
        zipcode: null,
        lat: t.lat,
        long: t.lng,
        media_url: null,
      };
    });
  };

  router.get("/requests/:id.:format", async (req, res) => {
    const format = formatOf(req);
    if (!format) return void res.status(404).end();
    if (!(await readable(req, res, format))) return;
    const id = Number(req.params.id);
    if (!Number.isSafeInteger(id) || id <= 0) return error(res, format, 400, "service_request_id must be a positive integer");
    const rows = await db.select().from(tickets).where(eq(tickets.id, id));
    if (rows.length === 0) return error(res, format, 404, `service_request_id ${id} not found`);
    send(res, format, "service_requests", "request", await requestView(rows));
  });

  router.get("/requests.:format", async (req, res) => {
    const format = formatOf(req);
    if (!format) return void res.status(404).end();
    if (!(await readable(req, res, format))) return;
    const q = req.query as Record<string, string | undefined>;
    const where: (SQL | undefined)[] = [];
    if (q.service_request_id) {
      const ids = q.service_request_id.split(",").map(Number);
      if (ids.some((n) => !Number.isSafeInteger(n) || n <= 0)) return error(res, format, 400, "service_request_id must be ids separated by commas");
      where.push(inArray(tickets.id, ids));
    }
    const date = (name: string, v: string | undefined) => {
      if (!v) return undefined;
      const d = new Date(v);
      if (Number.isNaN(d.getTime())) throw new Error(`${name} must be a w3 date-time`);
      return d;
    };
    let start: Date | undefined;
    let end: Date | undefined;
    try {
      start = date("start_date", q.start_date);
      end = date("end_date", q.end_date);
    } catch (e) {
      return error(res, format, 400, (e as Error).message);
    }
    // The spec's default window: the last 90 days.
    if (!q.service_request_id && !start) start = new Date((end ?? new Date()).getTime() - 90 * 86400_000);
    if (start) where.push(gte(tickets.receivedAt, start));
    if (end) where.push(lt(tickets.receivedAt, end));
    if (q.status) {
      const statuses = q.status.split(",");
      if (statuses.some((s) => s !== "open" && s !== "closed")) return error(res, format, 400, "status must be open or closed");
      if (!statuses.includes("open")) where.push(eq(tickets.status, "closed"));
      else if (!statuses.includes("closed")) where.push(inArray(tickets.status, [...OPEN]));
    }
    if (q.service_code) {
      const codes = q.service_code.split(",");
      where.push(sql`(${inArray(sql`${tickets.raw}->'open311'->>'service_code'`, codes)} or ${tickets.matterId} in (select id from ${matters} where ${inArray(matters.key, codes)}))`);
    }
    const rows = await db.select().from(tickets).where(and(...where)).orderBy(desc(tickets.receivedAt)).limit(1000);
    send(res, format, "service_requests", "request", await requestView(rows));
  });

  router.post("/requests.:format", async (req, res) => {
    const format = formatOf(req);
    if (!format) return void res.status(404).end();
    let actor: Actor | null;
    try {
      actor = await actorOf(req);
    } catch (e) {
      return error(res, format, 403, e instanceof DomainError ? e.message : "invalid api_key");
    }
    if (!actor || !["operator", "supervisor", "admin"].includes(actor.role)) return error(res, format, 403, "api_key of an operator or admin required / 需要受理员或管理员的 api_key");
    const b = (req.body ?? {}) as Record<string, string | undefined>;
    if (!b.service_code) return error(res, format, 400, "service_code is required");
    const m = await services.matters.current(b.service_code);
    if (!m) return error(res, format, 404, `service_code ${b.service_code} not found`);
    const lat = b.lat !== undefined && b.lat !== "" ? Number(b.lat) : undefined;
    const lng = b.long !== undefined && b.long !== "" ? Number(b.long) : undefined;
    if ((lat === undefined || lng === undefined) && !b.address_string && !b.address_id) return error(res, format, 400, "lat/long, address_string or address_id is required");
    try {
      const { ticket } = await services.intake.create(actor, {
        source: "hotline",
        externalId: `open311-${randomUUID()}`,
        channel: "web",
        appealType: "help",
        title: m.name,
        content: b.description?.trim() || m.name,
        address: b.address_string ?? b.address_id,
        ...(lat !== undefined && lng !== undefined ? { lat, lng } : {}),
        citizenName: [b.last_name, b.first_name].filter(Boolean).join("") || undefined,
        citizenPhone: b.phone || undefined,
        raw: { open311: { service_code: m.key, email: b.email ?? null, device_id: b.device_id ?? null } },
      });
      send(res, format, "service_requests", "request", [{ service_request_id: String(ticket.id), service_notice: "已受理，将按时限办理 / Received", account_id: null }], 201);
    } catch (e) {
      if (e instanceof DomainError) return error(res, format, 400, e.message);
      throw e;
    }
  });
  return router;
}
