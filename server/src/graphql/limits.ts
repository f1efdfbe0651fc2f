import type { ApolloServerPlugin } from "@apollo/server";
import {
  GraphQLError,
  getIntrospectionQuery,
  getNullableType,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isListType,
  isObjectType,
  parse,
  visit,
  type DocumentNode,
  type GraphQLCompositeType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type ValidationRule,
} from "graphql";
import depthLimit from "graphql-depth-limit";
import { createRequire } from "node:module";
import type * as QueryComplexity from "graphql-query-complexity";
import type { ComplexityEstimator } from "graphql-query-complexity";

// The package's ESM build imports graphql's .mjs files, a second copy of graphql next to the
// CommonJS one everything else uses ("from another module or realm"); its CommonJS build does not.
const { getComplexity, simpleEstimator } = createRequire(import.meta.url)("graphql-query-complexity") as typeof QueryComplexity;

/** What an unpaged list (a ticket's events, tags, co-departments) is assumed to hold. */
const UNPAGED_LIST_SIZE = 10;

/**
 * A paged field costs its children times the page it asks for, so `first: 500` is priced
 * honestly; an unpaged list costs its children times a typical length.
 */
const pagedEstimator: ComplexityEstimator = ({ args, childComplexity, field }) => {
  const first = typeof args.first === "number" ? args.first : typeof args.limit === "number" ? args.limit : undefined;
  if (first !== undefined) return 1 + childComplexity * Math.max(1, first);
  // A connection's edges are already priced by the connection's `first`.
  if (field.name !== "edges" && isListType(getNullableType(field.type))) return 1 + childComplexity * UNPAGED_LIST_SIZE;
  return undefined;
};

/** How long each introspection list really is in this schema, on average over its owners. */
function introspectionSizes(schema: GraphQLSchema): Map<string, number> {
  const types = Object.values(schema.getTypeMap());
  const avg = (lists: readonly (readonly unknown[])[]) =>
    lists.length === 0 ? 1 : Math.max(1, Math.ceil(lists.reduce((n, l) => n + l.length, 0) / lists.length));
  const fieldLists = types.filter((t) => isObjectType(t) || isInterfaceType(t)).map((t) => Object.values((t as GraphQLObjectType).getFields()));
  const directives = schema.getDirectives();
  return new Map([
    ["types", types.length],
    ["directives", directives.length],
    ["fields", avg(fieldLists)],
    ["args", avg([...fieldLists.flat().map((f) => f.args), ...directives.map((d) => d.args)])],
    ["inputFields", avg(types.filter(isInputObjectType).map((t) => Object.values(t.getFields())))],
    ["enumValues", avg(types.filter(isEnumType).map((t) => t.getValues()))],
    ["interfaces", avg(types.filter((t) => isObjectType(t) || isInterfaceType(t)).map((t) => (t as GraphQLObjectType).getInterfaces()))],
    ["possibleTypes", avg(types.filter(isAbstractType).map((t) => schema.getPossibleTypes(t)))],
    ["locations", avg(directives.map((d) => d.locations))],
  ]);
}

interface IntrospectionPricing {
  sizes: Map<string, number>;
  /** Twice the walk of graphql-js's fullest introspection query: every standard client fits. */
  budget: number;
}

const pricingBySchema = new WeakMap<GraphQLSchema, IntrospectionPricing>();

const isIntrospectionField = (type: GraphQLCompositeType, name: string) => isIntrospectionType(type) || name === "__schema" || name === "__type";

/**
 * Introspection reads the schema held in memory, never the database, so it is priced apart from
 * data, by what it really walks: each list by its average length in this schema (a type's `fields`
 * by the fields a type has on average), not by the data rule's assumed page. Its budget follows
 * the schema (twice graphql-js's fullest introspection query), so GraphiQL and codegen always fit,
 * while a query that re-enters `fields { type { fields …` multiplies by the schema at every level
 * and is refused.
 */
function walkEstimator(sizes: Map<string, number>): ComplexityEstimator {
  return ({ type, field, childComplexity }) => {
    if (!isIntrospectionField(type, field.name)) return 0;
    return 1 + childComplexity * (isListType(getNullableType(field.type)) ? (sizes.get(field.name) ?? UNPAGED_LIST_SIZE) : 1);
  };
}

/** In the data price, introspection is free: it has its own (walkEstimator). */
const dataOnly: ComplexityEstimator = ({ type, field }) => (isIntrospectionField(type, field.name) ? 0 : undefined);

function pricing(schema: GraphQLSchema): IntrospectionPricing {
  let p = pricingBySchema.get(schema);
  if (!p) {
    const sizes = introspectionSizes(schema);
    const fullest = getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true, oneOf: true });
    const walk = getComplexity({ schema, query: parse(fullest), variables: {}, estimators: [walkEstimator(sizes)] });
    pricingBySchema.set(schema, (p = { sizes, budget: 2 * walk }));
  }
  return p;
}

const mentionsIntrospection = (document: DocumentNode): boolean => {
  let found = false;
  visit(document, {
    Field: (n) => {
      if (n.name.value === "__schema" || n.name.value === "__type") found = true;
    },
  });
  return found;
};

/**
 * graphql-depth-limit follows fragment spreads into their definitions and throws a TypeError (a 500)
 * on a spread of a fragment the document does not define; KnownFragmentNames reports that one
 * clearly, so the depth check stands aside for such documents.
 */
export function depthRule(maxDepth: number): ValidationRule {
  const rule = depthLimit(maxDepth) as ValidationRule;
  return (context) => {
    const defined = new Set<string>();
    const spread: string[] = [];
    visit(context.getDocument(), {
      FragmentDefinition: (n) => void defined.add(n.name.value),
      FragmentSpread: (n) => void spread.push(n.name.value),
    });
    return spread.every((name) => defined.has(name)) ? rule(context) : {};
  };
}

/**
 * The operation's complexity error, if it is over `max`. Variables that do not fit the operation
 * (null for ID!, a string for Int…) are graphql-js's to refuse with BAD_USER_INPUT before anything
 * runs; thrown from here they became a 500 INTERNAL_SERVER_ERROR, so they pass.
 */
export function complexityError(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | null | undefined,
  max: number,
): GraphQLError | null {
  const common = { schema, query: document, variables: variables ?? {}, ...(operationName ? { operationName } : {}) };
  let complexity: number;
  let walk = 0;
  const introspection = pricing(schema);
  try {
    complexity = getComplexity({ ...common, estimators: [dataOnly, pagedEstimator, simpleEstimator({ defaultComplexity: 1 })] });
    if (mentionsIntrospection(document)) walk = getComplexity({ ...common, estimators: [walkEstimator(introspection.sizes)] });
  } catch (err) {
    if (err instanceof GraphQLError) return null;
    throw err;
  }
  if (walk > introspection.budget) {
    return new GraphQLError(`Introspection is too large: ${walk} > ${introspection.budget} / 内省查询过大`, {
      extensions: { code: "QUERY_TOO_COMPLEX", complexity: walk, max: introspection.budget, http: { status: 400 } },
    });
  }
  if (complexity <= max) return null;
  return new GraphQLError(`Query is too complex: ${complexity} > ${max} / 查询过于复杂`, {
    // A refused request, not a server failure: 400 rather than Apollo's default 500.
    extensions: { code: "QUERY_TOO_COMPLEX", complexity, max, http: { status: 400 } },
  });
}

export function complexityPlugin(schema: GraphQLSchema, max: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const err = complexityError(schema, document, request.variables, request.operationName, max);
          if (err) throw err;
        },
      };
    },
  };
}
