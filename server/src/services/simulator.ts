// The live simulated feed: new requests arrive as a Poisson process at the configured rate and
// simulated operators, departments and supervisors move open tickets along their lifecycle, with
// days compressed into minutes so that the wall visibly moves. It runs in real time and stops with
// the hub; everything it does goes through the real intake and lifecycle code (see simulate/).

import { DomainError } from "../domain/errors.js";
import { Random } from "../seed/random.js";
import { immediateAnswer, replyText } from "../seed/ticket-text.js";
import type { Services } from "../services.js";
import { ArrivalGenerator, type Arrival } from "../simulate/arrivals.js";
import { catalogFromDatabase, type Catalog, type SimMatter } from "../simulate/catalog.js";
import { decide, remember, supervision, type PlanContext, type Step, type Tracked } from "../simulate/plan.js";
import { InProcessPort, type SimPort, type SimTicket } from "../simulate/port.js";

export interface SimulatorOptions {
  /** New tickets per minute. */
  rate: number;
  /** How much faster than the default (minutes per step) tickets move; 1 = minutes. */
  speedup?: number;
  seed?: number;
  /** Open tickets already in the database that the simulator also moves along. */
  adopt?: number;
  /** Scheduler resolution. */
  tickMs?: number;
  log?: SimLog;
}

/** What the simulator logs through: pino in the hub, stderr lines in the CLI. */
export interface SimLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

export interface SimulatorStats {
  created: number;
  steps: Record<string, number>;
  errors: number;
  tracked: number;
}

const OPERATORS = ["operator:sim-王芳", "operator:sim-李娜", "operator:sim-张静", "operator:sim-刘洋"];
const SUPERVISORS = ["supervisor:sim-赵敏", "supervisor:sim-郑伟"];
/** A supervisor looks at the overdue queue about this often (before the speed-up). */
const SUPERVISION_EVERY_MS = 60_000;

interface Entry {
  t: Tracked;
  due: number;
  decision: ReturnType<typeof decide>;
}

export class Simulator {
  private readonly rnd: Random;
  private readonly speedup: number;
  private readonly tickMs: number;
  private readonly entries = new Map<number, Entry>();
  private readonly stats: SimulatorStats = { created: 0, steps: {}, errors: 0, tracked: 0 };
  private arrivals: ArrivalGenerator | null = null;
  private nextArrival = 0;
  private nextSupervision = 0;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly port: SimPort,
    private readonly catalog: Catalog,
    private readonly opts: SimulatorOptions,
  ) {
    if (!(opts.rate >= 0) || !Number.isFinite(opts.rate)) throw new Error("simulator rate must be a non-negative number of tickets per minute");
    this.rnd = new Random(opts.seed ?? 12345).fork("simulator");
    this.speedup = Math.max(0.001, opts.speedup ?? 1);
    this.tickMs = opts.tickMs ?? Math.max(20, Math.min(500, Math.round(500 / this.speedup)));
  }

  get summary(): SimulatorStats {
    return { ...this.stats, steps: { ...this.stats.steps }, tracked: this.entries.size };
  }

  private readonly plan: PlanContext = {
    wrongDepartment: (t) => {
      const right = t.rightDepartmentId;
      const domains = this.catalog.departments.find((d) => d.id === right)?.domains ?? [];
      const same = this.catalog.departments.filter((d) => d.id !== right && d.domains.some((x) => domains.includes(x)));
      return same.length > 0 ? this.rnd.pick(same).id : null;
    },
    fallbackDepartment: (t) => {
      // Another unit serving the ticket's domain, as an operator would try next.
      const free = this.catalog.departments.filter((d) => !t.returnedBy.includes(d.id) && d.id !== t.departmentId);
      const same = t.domain ? free.filter((d) => d.domains.includes(t.domain!)) : [];
      const options = same.length > 0 ? same : free;
      return options.length > 0 ? this.rnd.pick(options).id : null;
    },
  };

  async start(): Promise<void> {
    this.arrivals = new ArrivalGenerator(this.rnd.fork("arrivals"), this.catalog, Date.now().toString(36).toUpperCase());
    if (this.arrivals.empty) this.opts.log?.warn({}, "simulator: no matters in the database, so no new tickets (seed the demo district first)");
    const now = Date.now();
    this.nextArrival = now + this.gap();
    this.nextSupervision = now + this.scaled(this.rnd.range(5_000, SUPERVISION_EVERY_MS));
    const adopt = this.opts.adopt ?? 200;
    if (adopt > 0) {
      for (const ticket of await this.port.open(adopt)) this.track(this.tracked(ticket, null, false, false), now, 0.5 + 2 * this.rnd.float());
    }
    this.opts.log?.info({ rate: this.opts.rate, speedup: this.speedup, adopted: this.entries.size }, "simulator started");
    this.schedule();
  }

  /** Stops scheduling and waits for the step in flight, so nothing writes after the hub closes. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
    this.opts.log?.info({ ...this.summary }, "simulator stopped");
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .catch((err: unknown) => this.opts.log?.warn({ err }, "simulator tick failed"))
        .finally(() => {
          this.running = null;
          this.schedule();
        });
    }, this.tickMs);
    this.timer.unref?.();
  }

  private scaled(ms: number): number {
    return ms / this.speedup;
  }

  /** Exponential gaps make the arrivals a Poisson process. */
  private gap(): number {
    if (this.opts.rate <= 0) return Number.POSITIVE_INFINITY;
    return (-Math.log(1 - this.rnd.float()) * 60_000) / this.opts.rate;
  }

  private tracked(ticket: SimTicket, matter: SimMatter | null, enterprise: boolean, answerAtIntake: boolean): Tracked {
    const r = this.rnd;
    const facts = matter && {
      channel: "phone" as const,
      appealType: ticket.appealType,
      matter: matter.spec,
      address: null,
      departmentName: matter.leadDepartmentName,
      storm: false,
      company: null,
    };
    return {
      id: ticket.id,
      status: ticket.status,
      departmentId: ticket.departmentId,
      suggestedDepartmentId: ticket.suggestedDepartmentId,
      appealType: ticket.appealType,
      domain: ticket.domain ?? matter?.domain ?? null,
      enterprise,
      answerAtIntake: answerAtIntake && ticket.status === "received",
      rightDepartmentId: null,
      returnedBy: [],
      satisfaction: null,
      reopens: 0,
      revisited: false,
      texts: {
        reply: (second) => (facts ? replyText(r, facts, second) : second ? "已重新办理并再次与诉求人沟通。" : "经核实，已安排工作人员现场处理，问题已解决，已告知诉求人。"),
        answer: () => (matter ? immediateAnswer(r, matter.spec) : "已直接答复来电人相关政策及办理流程。"),
      },
    };
  }

  /** Plans the ticket's next step; `stretch` scales the first delay (adopted tickets start spread out). */
  private track(t: Tracked, now: number, stretch = 1): void {
    const decision = decide(this.rnd, t, this.plan);
    if (!decision) {
      this.entries.delete(t.id);
      return;
    }
    this.entries.set(t.id, { t, decision, due: now + this.scaled(decision.delayMs * stretch) });
  }

  private async tick(): Promise<void> {
    let budget = 200;
    while (!this.stopped && budget-- > 0 && this.arrivals && !this.arrivals.empty && Date.now() >= this.nextArrival) {
      this.nextArrival += this.gap();
      await this.arrive(this.arrivals.next(new Date()));
    }
    // Falling far behind (a slow database) drops arrivals rather than bursting to catch up.
    if (Date.now() - this.nextArrival > 10_000) this.nextArrival = Date.now() + this.gap();
    const now = Date.now();
    const due = [...this.entries.values()].filter((e) => e.due <= now).sort((a, b) => a.due - b.due);
    for (const e of due) {
      if (this.stopped || budget-- <= 0) break;
      await this.step(e);
    }
    if (!this.stopped && Date.now() >= this.nextSupervision) {
      this.nextSupervision = Date.now() + this.scaled(SUPERVISION_EVERY_MS * this.rnd.range(0.5, 1.5));
      await this.supervise();
    }
  }

  private async arrive(a: Arrival): Promise<void> {
    try {
      const ticket = await this.port.create(a.creator, a.input);
      this.stats.created++;
      this.track(this.tracked(ticket, a.matter, a.enterprise, a.answerAtIntake), Date.now());
    } catch (err) {
      this.stats.errors++;
      this.opts.log?.warn({ err, externalId: a.input.externalId }, "simulator: intake failed");
    }
  }

  private who(role: "operator" | "department" | "supervisor"): string {
    return role === "operator" ? this.rnd.pick(OPERATORS) : role === "supervisor" ? this.rnd.pick(SUPERVISORS) : "";
  }

  private async step(e: Entry): Promise<void> {
    const { t, decision } = e;
    if (!decision) return;
    const current: SimTicket = {
      id: t.id,
      status: t.status,
      departmentId: t.departmentId,
      suggestedDepartmentId: t.suggestedDepartmentId,
      appealType: t.appealType,
      domain: t.domain,
      supervisionCount: 0,
    };
    try {
      const after = await this.port.act(decision.role, this.who(decision.role), current, decision.step);
      remember(t, decision.step);
      this.count(decision.step);
      this.refresh(t, after);
      this.track(t, Date.now());
    } catch (err) {
      // Someone else moved the ticket (a real user, or it is gone): read it again and carry on from there.
      if (!(err instanceof DomainError)) this.stats.errors++;
      this.opts.log?.debug({ err, ticketId: t.id, step: decision.step.kind }, "simulator: step refused; re-reading the ticket");
      const fresh = await this.port.get(t.id).catch(() => null);
      if (!fresh || (fresh.status === t.status && fresh.departmentId === t.departmentId)) {
        this.entries.delete(t.id);
        return;
      }
      this.refresh(t, fresh);
      this.track(t, Date.now());
    }
  }

  private refresh(t: Tracked, s: SimTicket): void {
    t.status = s.status;
    t.departmentId = s.departmentId;
    t.suggestedDepartmentId = s.suggestedDepartmentId;
    t.domain = s.domain ?? t.domain;
  }

  private count(step: Step): void {
    this.stats.steps[step.kind] = (this.stats.steps[step.kind] ?? 0) + 1;
  }

  private async supervise(): Promise<void> {
    try {
      const candidates = (await this.port.overdue(20)).filter((t) => t.supervisionCount < 3);
      if (candidates.length === 0) return;
      const ticket = this.rnd.pick(candidates);
      const step = supervision(this.rnd);
      await this.port.act("supervisor", this.who("supervisor"), ticket, step);
      this.count(step);
    } catch (err) {
      if (!(err instanceof DomainError)) this.stats.errors++;
      this.opts.log?.debug({ err }, "simulator: supervision refused");
    }
  }
}

/** The simulator inside the hub: reads the hub's geography and matters, writes through its stores. */
export async function startSimulator(services: Services, opts: SimulatorOptions): Promise<Simulator> {
  const seed = opts.seed ?? 12345;
  const catalog = await catalogFromDatabase(services.database.db, services.ref, seed);
  const sim = new Simulator(new InProcessPort(services), catalog, { ...opts, seed });
  await sim.start();
  return sim;
}
