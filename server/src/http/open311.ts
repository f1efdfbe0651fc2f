import { randomUUID } from "node:crypto";
import express, { type Request, type Response, type Router } from "express";
import { TICKET_STATUS_LABELS, type TicketStatus } from "@cityops/schema";
import { currentServices } from "../store/dispatch-sources.js";
import type { Services } from "../services.js";
import { PUBLIC_ACTOR, type Actor } from "../domain/actor.js";
import { authenticate } from "../auth/authenticate.js";
import { DomainError, DomainErrorCode } from "../domain/errors.js";
import { privacyView, viewTicket } from "../domain/privacy/policy.js";
import type { TicketRow } from "../store/ticket.store.js";
import type { TicketQuery } from "../store/ticket-query.js";

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
  /**
   * Who reads: the key's actor, or the public (the wall's view) without one in demo mode; in
   * production reading needs a key like everything else but health. A bad key is refused, never
   * read as anonymous.
   */
  const reader = async (req: Request, res: Response, format: Format): Promise<Actor | null> => {
    let actor: Actor | null = null;
    try {
      actor = await actorOf(req);
    } catch {
      error(res, format, 401, "invalid api_key / api_key 无效");
      return null;
    }
    if (actor) return actor;
    if (!services.config.production) return PUBLIC_ACTOR;
    error(res, format, 401, "api_key required / 需要 api_key");
    return null;
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
    if (!(await reader(req, res, format))) return;
    const rows = await currentServices(db);
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
    if (!(await reader(req, res, format))) return;
    const m = await services.matters.current(String(req.params.code));
    if (!m) return error(res, format, 404, `service_code ${req.params.code} not found`);
    // No extra attributes: every matter takes the standard fields only.
    if (format === "json") res.json({ service_code: m.key, attributes: [] });
    else res.type("application/xml").send(`<?xml version="1.0" encoding="utf-8"?>\n<service_definition><service_code>${esc(m.key)}</service_code><attributes/></service_definition>`);
  });

  /** Requests as `actor` may see them: the same privacy policy as GraphQL and the wall (domain/privacy). */
  const requestView = async (actor: Actor, rows: TicketRow[]) => {
    const matterIds = [...new Set(rows.map((t) => t.matterId ?? t.suggestedMatterId).filter((x): x is number => x !== null))];
    const byId = new Map((await services.matters.byIds(matterIds)).map((m) => [m.id, m]));
    const view = privacyView(actor.role);
    return rows.map((t) => {
      const raw = (t.raw ?? {}) as { open311?: { service_code?: string } };
      const m = byId.get(t.matterId ?? t.suggestedMatterId ?? -1);
      const seen = viewTicket(t, view, services.ref.placeOf(t));
      return {
        service_request_id: String(t.id),
        status: t.status === "closed" ? "closed" : "open",
        status_notes: seen.reply,
        service_name: m?.name ?? null,
        service_code: raw.open311?.service_code ?? m?.key ?? "UNKNOWN",
        description: seen.content.slice(0, 4000),
        agency_responsible: t.departmentId !== null ? (services.ref.departments.get(t.departmentId)?.name ?? null) : null,
        service_notice: null,
        requested_datetime: t.receivedAt.toISOString(),
        updated_datetime: t.updatedAt.toISOString(),
        expected_datetime: t.dueAt?.toISOString() ?? null,
        address: seen.address,
        address_id: null,
        zipcode: null,
        lat: seen.lat,
        long: seen.lng,
        media_url: null,
      };
    });
  };

  const refuse = (res: Response, format: Format, e: unknown) => {
    if (!(e instanceof DomainError)) throw e;
    const status = { [DomainErrorCode.NotFound]: 404, [DomainErrorCode.Forbidden]: 403, [DomainErrorCode.Unauthenticated]: 401 }[e.code as string] ?? 400;
    error(res, format, status, e.message);
  };

  router.get("/requests/:id.:format", async (req, res) => {
    const format = formatOf(req);
    if (!format) return void res.status(404).end();
    const actor = await reader(req, res, format);
    if (!actor) return;
    const id = Number(req.params.id);
    if (!Number.isSafeInteger(id) || id <= 0) return error(res, format, 400, "service_request_id must be a positive integer");
    try {
      // The store's read: a department's key reads its own tickets only.
      send(res, format, "service_requests", "request", await requestView(actor, [await services.tickets.get(actor, id)]));
    } catch (e) {
      refuse(res, format, e);
    }
  });

  router.get("/requests.:format", async (req, res) => {
    const format = formatOf(req);
    if (!format) return void res.status(404).end();
    const actor = await reader(req, res, format);
    if (!actor) return;
    const q = req.query as Record<string, string | undefined>;
    const query: TicketQuery = {};
    if (q.service_request_id) {
      const ids = q.service_request_id.split(",").map(Number);
      if (ids.some((n) => !Number.isSafeInteger(n) || n <= 0)) return error(res, format, 400, "service_request_id must be ids separated by commas");
      query.ids = ids;
    }
    const date = (name: string, v: string | undefined) => {
      if (!v) return undefined;
      const d = new Date(v);
      if (Number.isNaN(d.getTime())) throw new Error(`${name} must be a w3 date-time`);
      return d;
    };
    try {
      query.from = date("start_date", q.start_date);
      query.to = date("end_date", q.end_date);
    } catch (e) {
      return error(res, format, 400, (e as Error).message);
    }
    // The spec's default window: the last 90 days.
    if (!q.service_request_id && !query.from) query.from = new Date((query.to ?? new Date()).getTime() - 90 * 86400_000);
    if (!query.from) delete query.from;
    if (!query.to) delete query.to;
    if (q.status) {
      const statuses = q.status.split(",");
      if (statuses.some((s) => s !== "open" && s !== "closed")) return error(res, format, 400, "status must be open or closed");
      if (!statuses.includes("open")) query.status = ["closed"];
      else if (!statuses.includes("closed")) query.status = [...OPEN];
    }
    if (q.service_code) query.serviceCodes = q.service_code.split(",");
    try {
      const page = await services.tickets.list(actor, query, 1000, null, "RECEIVED_AT_DESC");
      send(res, format, "service_requests", "request", await requestView(actor, page.rows.map((r) => r.node)));
    } catch (e) {
      refuse(res, format, e);
    }
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
      send(res, format, "service_requests", "request", [{ service_request_id: String(ticket.id), service_notice: `${TICKET_STATUS_LABELS.received.zh}，将按时限办理 / ${TICKET_STATUS_LABELS.received.en}`, account_id: null }], 201);
    } catch (e) {
      if (e instanceof DomainError) return error(res, format, 400, e.message);
      throw e;
    }
  });
  return router;
}
