import path from "node:path";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import express, { type Express, type Request, type Response } from "express";
import { ApolloServer } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import type { Server } from "node:http";
import type { GraphQLSchema } from "graphql";
import { ROLES, type Role } from "@cityops/schema";
import type { Services } from "../services.js";
import type { Logger } from "../log.js";
import { authenticate } from "../auth/authenticate.js";
import { signToken } from "../auth/tokens.js";
import { DomainError } from "../domain/errors.js";
import { createContext, type Context } from "../graphql/context.js";
import { makeFormatError } from "../graphql/errors.js";
import { complexityPlugin, depthRule } from "../graphql/limits.js";
import { readiness } from "./health.js";
import { open311Router } from "./open311.js";
import { reportDocument } from "./report-document.js";
import { ThreadRunner } from "../services/warning-thread.js";
import { ndjsonIngest } from "./ndjson.js";
import { adminLoadRouter } from "./admin-load.js";
import { missingKinds } from "../load/loader.js";
import type { EventBus } from "../realtime/bus.js";

export const WALL_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../wall/dist");

export interface AppParts {
  app: Express;
  apollo: ApolloServer<Context>;
}

export async function createApp(opts: {
  services: Services;
  schema: GraphQLSchema;
  secret: Uint8Array;
  log: Logger;
  httpServer: Server;
  bus: EventBus;
}): Promise<AppParts> {
  const { services, schema, secret, log, httpServer, bus } = opts;
  const { config } = services;
  const apollo = new ApolloServer<Context>({
    schema,
    introspection: true,
    // Stack traces are for developers: with LOG_LEVEL=debug only, in demo mode as in production.
    includeStacktraceInErrorResponses: config.logLevel === "debug",
    // Shutdown is ours (main.ts): Apollo must not race it on SIGTERM with its own stop().
    stopOnTerminationSignals: false,
    validationRules: [depthRule(config.maxDepth)],
    formatError: makeFormatError((err) => log.error({ err }, "unexpected error in a resolver")),
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: 3000 }),
      complexityPlugin(schema, config.maxComplexity),
    ],
  });
  await apollo.start();

  const app = express();
  app.disable("x-powered-by");
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/readyz", async (_req, res) => {
    const r = await readiness(services.database);
    // What city data is loaded and what is still to load, in order (docs/MOVING-IN.md).
    const status = r.ready ? await services.cityLoad.status().catch(() => null) : null;
    const city = status && { loaded: Object.fromEntries(status.map((s) => [s.kind, s.count])), missing: missingKinds(status) };
    res.status(r.ready ? 200 : 503).json({ ...r, ...(city ? { city } : {}) });
  });

  app.get("/metrics", async (_req, res) => {
    const m = services.realtime.metrics;
    m.frameBuild.set(services.realtime.ticker.lastBuildMs);
    const engine = services.warningEngine;
    m.warningRuns.set(engine.runs);
    m.warningFailures.set(engine.failures);
    m.warningLastRun.set(engine.lastRunMs);
    m.warningThread.set(engine.runner instanceof ThreadRunner && engine.runner.thread ? 1 : 0);
    res.type(m.registry.contentType).send(await m.registry.metrics());
  });

  // Pushing systems: streamed NDJSON, its own Bearer check (operator or admin) in every mode.
  app.post("/ingest/ndjson", ndjsonIngest({ services, secret, log }));

  if (!config.production) {
    // Demo mode only: tokens for any role with one click, so GraphiQL and the walkthrough need no CLI.
    app.get("/demo/token", async (req: Request, res: Response) => {
      const role = String(req.query.role ?? "") as Role;
      if (!ROLES.includes(role)) {
        res.status(400).json({ error: `role must be one of ${ROLES.join(", ")}` });
        return;
      }
      const dept = typeof req.query.department === "string" ? req.query.department : undefined;
      if (role === "department" && (!dept || !services.ref.departmentsByCode.has(dept))) {
        res.status(400).json({ error: "department role needs ?department=<existing department code>" });
        return;
      }
      const sub = role === "department" ? `dept:${dept}` : `${role}:demo`;
      res.json({ token: await signToken(secret, { sub, role, ...(dept ? { dept } : {}) }) });
    });
  }

  const requireTokenInProduction = async (req: Request, res: Response, next: () => void) => {
    if (!config.production) return next();
    const header = req.headers.authorization ?? (typeof req.query.token === "string" ? `Bearer ${req.query.token}` : undefined);
    try {
      if (await authenticate(secret, services.ref, header)) return next();
    } catch {
      /* fall through */
    }
    res.status(401).json({ error: "A valid token is required / 需要有效的令牌" });
  };

  app.use(
    "/graphql",
    requireTokenInProduction,
    express.json({ limit: config.bodyLimit }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        try {
          return createContext(services, await authenticate(secret, services.ref, req.headers.authorization));
        } catch (err) {
          if (err instanceof DomainError) {
            const { GraphQLError } = await import("graphql");
            throw new GraphQLError(err.message, { extensions: { code: "UNAUTHENTICATED", http: { status: 401 } } });
          }
          throw err;
        }
      },
    }),
  );

  const page = (file: string) => async (req: Request, res: Response) => {
    await requireTokenInProduction(req, res, () => {
      const full = path.join(WALL_DIST, file);
      if (!existsSync(full)) {
        res.status(503).type("text/plain").send("The web bundle is not built: run `pnpm --filter @cityops/wall build` / 前端未构建");
        return;
      }
      res.sendFile(full);
    });
  };
  app.use("/open311/v2", open311Router(services, secret));
  app.use("/admin/load", adminLoadRouter(services, bus, secret, log));
  // Report documents: generateReport's signed url (or a Bearer token).
  app.get("/reports/:id", reportDocument(services, secret));
  app.get("/graphiql", page("graphiql.html"));
  app.get(["/", "/wall"], page("index.html"));
  app.use("/ui", express.static(WALL_DIST, { index: false, maxAge: "1h" }));

  app.use((err: unknown, _req: Request, res: Response, next: (e?: unknown) => void) => {
    const e = err as { type?: string; status?: number; message?: string };
    if (res.headersSent) return next(err);
    if (e.type === "entity.too.large") {
      res.status(413).json({ errors: [{ message: `Request body larger than ${config.bodyLimit} / 请求体过大`, extensions: { code: "PAYLOAD_TOO_LARGE" } }] });
      return;
    }
    if (e.type === "entity.parse.failed") {
      res.status(400).json({ errors: [{ message: "Request body is not valid JSON / 请求体不是有效的 JSON", extensions: { code: "BAD_REQUEST" } }] });
      return;
    }
    log.error({ err }, "unhandled HTTP error");
    res.status(e.status ?? 500).json({ errors: [{ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } }] });
  });
  return { app, apollo };
}
