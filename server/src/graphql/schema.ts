import "reflect-metadata";
import { AuthenticationError, buildSchema, type AuthChecker } from "type-graphql";
import { createPubSub } from "@graphql-yoga/subscription";
import type { GraphQLSchema } from "graphql";
import type { Context } from "./context.js";
import { TicketEventResolver, TicketResolver } from "./resolvers/ticket.resolver.js";
import { LifecycleResolver } from "./resolvers/lifecycle.resolver.js";
import { ReferenceResolver, RegionResolver, TagCategoryResolver, TagResolver } from "./resolvers/reference.resolver.js";
import { MatterResolver } from "./resolvers/matter.resolver.js";
import { DispatchResolver } from "./resolvers/dispatch.resolver.js";
import { ResponsibilityResolver } from "./resolvers/responsibility.resolver.js";
import { TicketTagResolver } from "./resolvers/tag.resolver.js";
import { MeResolver } from "./resolvers/me.resolver.js";
import { SubscriptionResolver } from "./resolvers/subscription.resolver.js";
import { AnalyticsResolver } from "./resolvers/analytics.resolver.js";
import { WarningResolver } from "./resolvers/warning.resolver.js";
import { CityDataResolver } from "./resolvers/city-data.resolver.js";
import { ReportResolver } from "./resolvers/report.resolver.js";
import { IngestResolver } from "./resolvers/ingest.resolver.js";

/** @Authorized() lets any signed-in role through; @Authorized("a", "b") only those roles. */
export const authChecker: AuthChecker<Context> = ({ context }, roles) => {
  // No token is "who are you?" (UNAUTHENTICATED), whatever roles the operation needs.
  if (!context.actor) throw new AuthenticationError();
  return roles.length === 0 || roles.includes(context.actor.role);
};

export const RESOLVERS = [
  TicketResolver,
  TicketEventResolver,
  LifecycleResolver,
  ReferenceResolver,
  RegionResolver,
  TagCategoryResolver,
  TagResolver,
  MatterResolver,
  ResponsibilityResolver,
  DispatchResolver,
  TicketTagResolver,
  MeResolver,
  SubscriptionResolver,
  IngestResolver,
  AnalyticsResolver,
  WarningResolver,
  ReportResolver,
  CityDataResolver,
] as const;

export async function buildCityOpsSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: RESOLVERS,
    authChecker,
    // Our subscriptions bring their own streams (realtime/); type-graphql insists on a PubSub anyway.
    pubSub: createPubSub(),
    // No class-validator on inputs: every boundary is checked in the domain, with Chinese messages.
    validate: false,
  });
}
