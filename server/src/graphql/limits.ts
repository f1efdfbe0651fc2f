import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError, getNullableType, isListType, visit, type DocumentNode, type GraphQLSchema, type ValidationRule } from "graphql";
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
  let complexity: number;
  try {
    complexity = getComplexity({
      schema,
      query: document,
      variables: variables ?? {},
      ...(operationName ? { operationName } : {}),
      estimators: [pagedEstimator, simpleEstimator({ defaultComplexity: 1 })],
    });
  } catch (err) {
    if (err instanceof GraphQLError) return null;
    throw err;
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
