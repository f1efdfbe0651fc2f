// `cityops simulate --rate <n> [--duration <s>]`: the same live feed the hub runs under `pnpm start`,
// sent to a running hub over GraphQL, each simulated person with a token of their own role.

import { Command, InvalidArgumentError } from "commander";
import type { Role } from "@cityops/schema";
import type { Config } from "../config.js";
import { hubToken, hubUrl } from "../ingest/remote.js";
import { Simulator, type SimLog } from "../services/simulator.js";
import { catalogFromSeed } from "./catalog.js";
import { GraphqlPort } from "./graphql-port.js";

interface SimulateFlags {
  rate: number;
  duration?: number;
  speedup: number;
  seed: number;
  adopt: number;
  url?: string;
  token?: string;
}

function positive(what: string, allowZero = false) {
  return (v: string): number => {
    const x = Number(v);
    if (!Number.isFinite(x) || x < 0 || (!allowZero && x === 0)) throw new InvalidArgumentError(`${what} must be a ${allowZero ? "non-negative" : "positive"} number`);
    return x;
  };
}

export function registerSimulateCommand(program: Command, config: () => Config): void {
  program
    .command("simulate")
    .description("feed a running hub with simulated tickets and move them through their lifecycle over GraphQL (until Ctrl-C or --duration)")
    .requiredOption("--rate <n>", "new tickets per minute", positive("--rate", true))
    .option("--duration <s>", "stop after this many seconds", positive("--duration"))
    .option("--speedup <n>", "how much faster than minutes-per-step tickets move", positive("--speedup"), 1)
    .option("--seed <n>", "random seed", positive("--seed", true), 12345)
    .option("--adopt <n>", "open tickets already in the hub to move along too", positive("--adopt", true), 100)
    .option("--url <hub>", "hub address (default http://localhost:$PORT)")
    .option("--token <token>", "one token for every step (an admin's, for the lifecycle steps); default: per-role tokens from the data folder's demo secret")
    .action(async (flags: SimulateFlags) => {
      const cfg = config();
      const url = hubUrl(cfg, flags.url);
      const tokens = new Map<string, Promise<string>>();
      const tokenFor = (role: Role, department?: string) => {
        const key = `${role}/${department ?? ""}`;
        let t = tokens.get(key);
        if (!t) tokens.set(key, (t = hubToken(cfg, role, { token: flags.token, ...(department ? { department } : {}) })));
        return t;
      };
      const departments = await GraphqlPort.departments(url, await tokenFor("operator"));
      const catalog = catalogFromSeed(departments, flags.seed);
      const log: SimLog = {
        info: (obj, msg) => process.stderr.write(`${msg ?? ""} ${JSON.stringify(obj)}\n`),
        warn: (obj, msg) => process.stderr.write(`warning: ${msg ?? ""} ${(obj as { err?: Error }).err?.message ?? ""}\n`),
        debug: () => {},
      };
      const sim = new Simulator(new GraphqlPort(url, tokenFor, departments), catalog, {
        rate: flags.rate,
        speedup: flags.speedup,
        seed: flags.seed,
        adopt: flags.adopt,
        log,
      });
      process.stderr.write(`simulating ${flags.rate} tickets/min into ${url}${flags.duration ? ` for ${flags.duration} s` : " (Ctrl-C to stop)"}\n`);
      await sim.start();
      const every = setInterval(() => {
        const s = sim.summary;
        process.stderr.write(`  created ${s.created} · steps ${Object.values(s.steps).reduce((a, b) => a + b, 0)} · tracking ${s.tracked} · errors ${s.errors}\n`);
      }, 10_000);
      await new Promise<void>((resolve) => {
        const done = () => resolve();
        process.once("SIGINT", done);
        process.once("SIGTERM", done);
        if (flags.duration) setTimeout(done, flags.duration * 1000);
      });
      clearInterval(every);
      await sim.stop();
      console.log(JSON.stringify(sim.summary));
    });
}
