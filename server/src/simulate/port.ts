// Where the simulator's work goes: straight into the hub's stores when it runs inside the hub, or
// over GraphQL when the CLI feeds a running hub (graphql-port.ts). Both go through the same intake
// and lifecycle code, so simulated tickets are indistinguishable from real ones.

import type { AppealType, Domain, TicketStatus } from "@cityops/schema";
import type { Actor } from "../domain/actor.js";
import { dueFromTimeLimit, type Command } from "../domain/lifecycle.js";
import { SimulationStore } from "../store/simulation.store.js";
import type { NewTicket } from "../store/intake.store.js";
import type { Services } from "../services.js";
import type { SimRole, Step } from "./plan.js";

export interface SimTicket {
  id: number;
  status: TicketStatus;
  departmentId: number | null;
  suggestedDepartmentId: number | null;
  appealType: AppealType;
  domain: Domain | null;
  supervisionCount: number;
}

export interface SimPort {
  create(creator: string, input: NewTicket): Promise<SimTicket>;
  /** Applies a step as someone of `role`; department steps act as the ticket's current department. */
  act(role: SimRole, who: string, ticket: SimTicket, step: Step): Promise<SimTicket>;
  get(id: number): Promise<SimTicket | null>;
  /** Open tickets to adopt at start, most recently changed first. */
  open(limit: number): Promise<SimTicket[]>;
  /** Tickets held by a department past their due time. */
  overdue(limit: number): Promise<SimTicket[]>;
}

/** When neither the matter nor anything else gives a time limit; as the dispatch mutation does. */
export const DEFAULT_TIME_LIMIT_DAYS = 5;

function view(t: SimTicket): SimTicket {
  return {
    id: t.id,
    status: t.status,
    departmentId: t.departmentId,
    suggestedDepartmentId: t.suggestedDepartmentId,
    appealType: t.appealType,
    domain: t.domain,
    supervisionCount: t.supervisionCount,
  };
}

/** The hub's own stores: no network, the same transactions as a GraphQL mutation. */
export class InProcessPort implements SimPort {
  private readonly store: SimulationStore;

  constructor(private readonly services: Services) {
    this.store = new SimulationStore(services.database.db);
  }

  private actor(role: SimRole, who: string, ticket: SimTicket): Actor {
    if (role !== "department") return { id: who, role, departmentId: null };
    const code = ticket.departmentId !== null ? this.services.ref.departments.get(ticket.departmentId)?.code : undefined;
    return { id: `dept:${code ?? ticket.departmentId}`, role: "department", departmentId: ticket.departmentId };
  }

  async create(creator: string, input: NewTicket): Promise<SimTicket> {
    // Machine feeds (grid app, sensors, department systems) push with a system identity.
    const actor: Actor = creator.startsWith("operator:") ? { id: creator, role: "operator", departmentId: null } : { id: creator, role: "admin", departmentId: null };
    return view((await this.services.intake.create(actor, input)).ticket);
  }

  private async command(ticket: SimTicket, step: Step, now: Date): Promise<Command> {
    if (step.kind !== "dispatch") return step;
    // As the dispatch mutation: the ticket's matter (or the suggested one) sets domain and time limit.
    const matterId = await this.store.matterOf(ticket.id);
    const matter = matterId !== null ? await this.services.dispatch.matter(matterId) : null;
    return {
      kind: "dispatch",
      departmentId: step.departmentId,
      coDepartmentIds: [],
      dueAt: dueFromTimeLimit(now, matter?.timeLimitDays ?? DEFAULT_TIME_LIMIT_DAYS),
      matter: matter ? { id: matter.id, domain: matter.domain } : null,
    };
  }

  async act(role: SimRole, who: string, ticket: SimTicket, step: Step): Promise<SimTicket> {
    const now = new Date();
    return view(await this.services.tickets.run(this.actor(role, who, ticket), ticket.id, await this.command(ticket, step, now), now));
  }

  get(id: number): Promise<SimTicket | null> {
    return this.store.get(id);
  }

  open(limit: number): Promise<SimTicket[]> {
    return this.store.open(limit);
  }

  overdue(limit: number): Promise<SimTicket[]> {
    return this.store.overdue(limit);
  }
}
