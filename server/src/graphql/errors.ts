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

/**
 * Apollo's formatError hook: domain errors keep their message and code; anything unexpected is
 * logged and reaches the client as a generic internal error, never as a stack or SQL text.
 */
export function makeFormatError(log: (err: unknown) => void) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const mapped = toGraphQLError(original);
    if (mapped) return { ...formatted, message: mapped.message, extensions: { ...mapped.extensions } };
    const code = formatted.extensions?.code;
    if (typeof code === "string" && code !== "INTERNAL_SERVER_ERROR") return formatted;
    log(original);
    return {
      message: "Internal server error / 服务器内部错误",
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    };
  };
}
