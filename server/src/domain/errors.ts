/**
 * Every way a domain operation can be refused. The GraphQL adapter maps each code to an
 * `extensions.code` with an exhaustive switch, so adding a code here fails compilation there
 * until it is mapped.
 */
export enum DomainErrorCode {
  NotFound = "NOT_FOUND",
  IllegalTransition = "ILLEGAL_TRANSITION",
  Forbidden = "FORBIDDEN",
  Unauthenticated = "UNAUTHENTICATED",
  InvalidInput = "INVALID_INPUT",
  Conflict = "CONFLICT",
}

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const notFound = (what: string, id: unknown) =>
  new DomainError(DomainErrorCode.NotFound, `${what} ${String(id)} not found / 未找到`, { what, id });

export const forbidden = (message: string, details: Record<string, unknown> = {}) =>
  new DomainError(DomainErrorCode.Forbidden, message, details);

export const invalidInput = (message: string, details: Record<string, unknown> = {}) =>
  new DomainError(DomainErrorCode.InvalidInput, message, details);
