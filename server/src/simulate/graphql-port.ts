// The simulator's work sent to a running hub over GraphQL, for `pnpm cityops simulate`. Each
// simulated person uses a token of their own role (minted from the data folder's demo secret), or
// one given token for everything (which then has to be an admin's for the lifecycle steps).

import type { AppealType, Domain, Role, TicketStatus } from "@cityops/schema";
import { DomainError, DomainErrorCode } from "../domain/errors.js";
import type { NewTicket } from "../store/intake.store.js";
import type { SimRole, Step } from "./plan.js";
import type { SimPort, SimTicket } from "./port.js";
import type { SimDepartment } from "./catalog.js";

export type TokenFor = (role: Role, departmentCode?: string) => Promise<string>;

const FIELDS = "id status appealType domain supervisionCount department { id } suggestedDepartment { id }";

interface TicketView {
  id: string;
  status: string;
  appealType: string;
  domain: string | null;
  supervisionCount?: number;
  department: { id: string } | null;
  suggestedDepartment: { id: string } | null;
}

function fromView(v: TicketView): SimTicket {
  return {
    id: Number(v.id),
    status: v.status.toLowerCase() as TicketStatus,
    appealType: v.appealType.toLowerCase() as AppealType,
    domain: (v.domain ?? null) as Domain | null,
    supervisionCount: v.supervisionCount ?? 0,
    departmentId: v.department ? Number(v.department.id) : null,
    suggestedDepartmentId: v.suggestedDepartment ? Number(v.suggestedDepartment.id) : null,
  };
}

const REFUSALS: Record<string, DomainErrorCode> = {
  ILLEGAL_TRANSITION: DomainErrorCode.IllegalTransition,
  FORBIDDEN: DomainErrorCode.Forbidden,
  NOT_FOUND: DomainErrorCode.NotFound,
  BAD_USER_INPUT: DomainErrorCode.InvalidInput,
};

/** A minimal GraphQL-over-HTTP client: refusals become DomainErrors, anything else an Error. */
export async function graphqlRequest<T>(url: string, token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(`${url.replace(/\/$/, "")}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  let body: { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new Error(`${url} answered HTTP ${res.status} without GraphQL JSON: ${text.slice(0, 200)}`);
  }
  const err = body.errors?.[0];
  if (err) {
    const code = REFUSALS[err.extensions?.code ?? ""];
    if (code) throw new DomainError(code, err.message);
    throw new Error(`${err.extensions?.code ?? "ERROR"}: ${err.message}`);
  }
  if (!body.data) throw new Error(`${url} answered HTTP ${res.status} with no data`);
  return body.data;
}

const MUTATIONS: Record<Step["kind"], string> = {
  answerImmediately: `mutation($id: ID!, $answer: String!) { r: answerImmediately(id: $id, answer: $answer) { ${FIELDS} } }`,
  dispatch: `mutation($id: ID!, $departmentId: ID!) { r: dispatchTicket(id: $id, departmentId: $departmentId) { ${FIELDS} } }`,
  accept: `mutation($id: ID!) { r: acceptTicket(id: $id) { ${FIELDS} } }`,
  return: `mutation($id: ID!, $reason: String!) { r: returnTicket(id: $id, reason: $reason) { ${FIELDS} } }`,
  startHandling: `mutation($id: ID!) { r: startHandling(id: $id) { ${FIELDS} } }`,
  reply: `mutation($id: ID!, $reply: String!) { r: replyTicket(id: $id, reply: $reply) { ${FIELDS} } }`,
  recordCallback: `mutation($id: ID!, $satisfaction: Satisfaction!, $note: String) { r: recordCallback(id: $id, satisfaction: $satisfaction, note: $note) { ${FIELDS} } }`,
  close: `mutation($id: ID!) { r: closeTicket(id: $id) { ${FIELDS} } }`,
  reopen: `mutation($id: ID!, $reason: String!) { r: reopenTicket(id: $id, reason: $reason) { ${FIELDS} } }`,
  supervise: `mutation($id: ID!, $method: SupervisionMethod!, $note: String) { r: superviseTicket(id: $id, method: $method, note: $note) { ${FIELDS} } }`,
};

function variables(step: Step): Record<string, unknown> {
  const { kind: _kind, ...rest } = step;
  const out: Record<string, unknown> = { ...rest };
  if (step.kind === "recordCallback") out.satisfaction = step.satisfaction.toUpperCase();
  if (step.kind === "supervise") out.method = step.method.toUpperCase();
  return out;
}

export class GraphqlPort implements SimPort {
  private readonly codes: Map<number, string>;

  constructor(
    private readonly url: string,
    private readonly tokenFor: TokenFor,
    departments: SimDepartment[],
  ) {
    this.codes = new Map(departments.map((d) => [d.id, d.code]));
  }

  static async departments(url: string, token: string): Promise<SimDepartment[]> {
    const data = await graphqlRequest<{ departments: { id: string; code: string; name: string; domains: string[] }[] }>(url, token, `{ departments { id code name domains } }`);
    return data.departments.map((d) => ({ id: Number(d.id), code: d.code, name: d.name, domains: d.domains as SimDepartment["domains"] }));
  }

  async create(_creator: string, input: NewTicket): Promise<SimTicket> {
    const { raw: _raw, receivedAt, source, channel, appealType, ...rest } = input;
    const data = await graphqlRequest<{ r: TicketView }>(
      this.url,
      await this.tokenFor("operator"),
      `mutation($input: CreateTicketInput!) { r: createTicket(input: $input) { ${FIELDS} } }`,
      { input: { ...rest, source: source.toUpperCase(), channel: channel.toUpperCase(), appealType: appealType.toUpperCase(), receivedAt: receivedAt?.toISOString() } },
    );
    return fromView(data.r);
  }

  async act(role: SimRole, _who: string, ticket: SimTicket, step: Step): Promise<SimTicket> {
    const token = role === "department" ? await this.tokenFor("department", this.codes.get(ticket.departmentId ?? -1)) : await this.tokenFor(role);
    const data = await graphqlRequest<{ r: TicketView }>(this.url, token, MUTATIONS[step.kind], { id: String(ticket.id), ...variables(step) });
    return fromView(data.r);
  }

  async get(id: number): Promise<SimTicket | null> {
    try {
      const data = await graphqlRequest<{ ticket: TicketView }>(this.url, await this.tokenFor("supervisor"), `query($id: ID!) { ticket(id: $id) { ${FIELDS} } }`, { id: String(id) });
      return fromView(data.ticket);
    } catch (err) {
      if (err instanceof DomainError && err.code === DomainErrorCode.NotFound) return null;
      throw err;
    }
  }

  private async list(filter: Record<string, unknown>, first: number): Promise<SimTicket[]> {
    const data = await graphqlRequest<{ tickets: { edges: { node: TicketView }[] } }>(
      this.url,
      await this.tokenFor("supervisor"),
      `query($filter: TicketFilter, $first: Int) { tickets(filter: $filter, first: $first) { edges { node { ${FIELDS} } } } }`,
      { filter, first },
    );
    return data.tickets.edges.map((e) => fromView(e.node));
  }

  open(limit: number): Promise<SimTicket[]> {
    return this.list({ status: ["RECEIVED", "DISPATCHED", "ACCEPTED", "RETURNED", "IN_PROGRESS", "REPLIED", "CALLED_BACK", "REOPENED"] }, Math.min(limit, 500));
  }

  overdue(limit: number): Promise<SimTicket[]> {
    return this.list({ overdue: true }, Math.min(limit, 500));
  }
}
