import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
import { AuthenticationError, AuthorizationError, ArgumentValidationError } from "type-graphql";
import { DomainError, DomainErrorCode } from "../domain/errors.js";

/** The `extensions.code` clients can rely on; stable across releases. */
export type ErrorCode =
  | "NOT_FOUND"
  | "ILLEGAL_TRANSITION"
  | "FORBIDDEN"
  | "UNAUTHENTICATED"
  | "BAD_USER_INPUT"
  | "CONFLICT"
  | "INTERNAL_SERVER_ERROR";

/** Exhaustive: a new DomainErrorCode does not compile until it is mapped here. */
export function codeFor(code: DomainErrorCode): ErrorCode {
  switch (code) {
    case DomainErrorCode.NotFound:
      return "NOT_FOUND";
    case DomainErrorCode.IllegalTransition:
      return "ILLEGAL_TRANSITION";
    case DomainErrorCode.Forbidden:
      return "FORBIDDEN";
    case DomainErrorCode.Unauthenticated:
      return "UNAUTHENTICATED";
    case DomainErrorCode.InvalidInput:
      return "BAD_USER_INPUT";
    case DomainErrorCode.Conflict:
      return "CONFLICT";
    default: {
      const unreachable: never = code;
      return unreachable;
    }
  }
}

export function toGraphQLError(err: unknown): GraphQLError | null {
  if (err instanceof DomainError) {
    return new GraphQLError(err.message, { extensions: { code: codeFor(err.code), ...err.details } });
  }
  if (err instanceof AuthenticationError) {
    return new GraphQLError("A valid token is required / 需要有效的令牌", { extensions: { code: "UNAUTHENTICATED" } });
  }
  if (err instanceof AuthorizationError) {
    return new GraphQLError("Your role may not do this / 当前角色无此权限", { extensions: { code: "FORBIDDEN" } });
  }
  if (err instanceof ArgumentValidationError) {
    return new GraphQLError(err.message, { extensions: { code: "BAD_USER_INPUT" } });
  }
  return null;
}

const INTERNAL = "Internal server error / 服务器内部错误";

/**
 * The one rule for what a client sees of an error, on HTTP and WebSocket alike: domain and auth
 * errors keep their message with their mapped code; graphql-js's own refusals before execution
 * (parse, validation, variables, limits) keep their text; a resolver's error that is not a known
 * one is logged and reaches the client as a generic internal error, never as a stack or SQL text.
 * `code` is the code the transport already gave the error, if any.
 */
export function publicError(
  error: GraphQLError,
  log: (err: unknown) => void,
  code: unknown = error.extensions?.code,
): { message: string; code: string; extensions: Record<string, unknown> } {
  const original = error.originalError ?? error;
  const mapped = toGraphQLError(original);
  if (mapped) return { message: mapped.message, code: String(mapped.extensions.code), extensions: { ...mapped.extensions } };
  const known = typeof code === "string" && code !== "INTERNAL_SERVER_ERROR";
  // With a code of its own, or raised before any resolver ran (no path): graphql-js's own text.
  if (known || (error.path === undefined && (original === error || original instanceof GraphQLError || error.originalError instanceof TypeError))) {
    const c = known ? (code as string) : "BAD_USER_INPUT";
    return { message: error.message, code: c, extensions: { ...error.extensions, code: c } };
  }
  log(original);
  return { message: INTERNAL, code: "INTERNAL_SERVER_ERROR", extensions: { code: "INTERNAL_SERVER_ERROR" } };
}

/** publicError as a GraphQLError, for transports that send GraphQLErrors (graphql-ws). */
export function toPublicGraphQLError(error: GraphQLError, log: (err: unknown) => void): GraphQLError {
  const p = publicError(error, log);
  return new GraphQLError(p.message, { ...(error.nodes ? { nodes: error.nodes } : {}), ...(error.path ? { path: error.path } : {}), extensions: p.extensions });
}

/** Apollo's formatError hook over publicError; stack traces only with LOG_LEVEL=debug (Apollo's own switch). */
export function makeFormatError(log: (err: unknown) => void) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const asGraphQL = error instanceof GraphQLError ? error : new GraphQLError(formatted.message, { originalError: original instanceof Error ? original : undefined });
    const p = publicError(asGraphQL, log, formatted.extensions?.code);
    const { stacktrace, ...rest } = (formatted.extensions ?? {}) as Record<string, unknown>;
    return {
      message: p.message,
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { ...(p.code === "INTERNAL_SERVER_ERROR" ? {} : rest), ...p.extensions, ...(stacktrace ? { stacktrace } : {}) },
    };
  };
}
