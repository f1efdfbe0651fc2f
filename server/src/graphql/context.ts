import DataLoader from "dataloader";
import type { Actor } from "../domain/actor.js";
import type { Services } from "../services.js";
import type { TicketEventRow } from "../store/ticket.store.js";
import type { MatterRow } from "../store/matter.store.js";

export interface Loaders {
  events: DataLoader<number, TicketEventRow[]>;
  matters: DataLoader<number, MatterRow | null>;
}

/** Per request: who is asking, the services, and batch loaders that live as long as the request. */
export interface Context {
  actor: Actor | null;
  services: Services;
  loaders: Loaders;
  now: Date;
}

export function createLoaders(services: Services): Loaders {
  return {
    events: new DataLoader(async (ids) => {
      const m = await services.tickets.eventsFor(ids);
      return ids.map((id) => m.get(id) ?? []);
    }),
    matters: new DataLoader(async (ids) => {
      const rows = await services.matters.byIds(ids);
      const m = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => m.get(id) ?? null);
    }),
  };
}

/**
 * Loaders are made on first use: a subscription's context lives as long as its socket, and a wall
 * (10,000 of them on one hub) never loads anything.
 */
export function createContext(services: Services, actor: Actor | null): Context {
  let loaders: Loaders | null = null;
  return {
    actor,
    services,
    get loaders() {
      return (loaders ??= createLoaders(services));
    },
    set loaders(l: Loaders) {
      loaders = l;
    },
    now: new Date(),
  };
}

/** The actor of a resolver that @Authorized has already let through. */
export function actorOf(ctx: Context): Actor {
  if (!ctx.actor) throw new Error("resolver reached without an actor; is @Authorized missing?");
  return ctx.actor;
}
