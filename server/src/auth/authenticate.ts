import type { Actor } from "../domain/actor.js";
import { DomainError, DomainErrorCode } from "../domain/errors.js";
import type { ReferenceData } from "../store/reference.store.js";
import { bearer, TokenError, verifyToken } from "./tokens.js";

/**
 * Turns an Authorization value (HTTP header or graphql-ws connectionParams) into an actor.
 * No value → null (anonymous); a value that is not a valid token → an error, never anonymous,
 * so a typo in a token is reported instead of silently showing less.
 */
export async function authenticate(secret: Uint8Array, ref: ReferenceData, authorization: unknown): Promise<Actor | null> {
  if (authorization === undefined || authorization === null || authorization === "") return null;
  const token = bearer(authorization);
  if (!token) throw new DomainError(DomainErrorCode.Unauthenticated, "Authorization must be 'Bearer <token>' / 令牌格式错误");
  try {
    const claims = await verifyToken(secret, token);
    let departmentId: number | null = null;
    if (claims.role === "department") {
      const dept = ref.departmentsByCode.get(claims.dept!);
      if (!dept) throw new TokenError(`unknown department ${claims.dept}`);
      departmentId = dept.id;
    }
    return { id: claims.sub, role: claims.role, departmentId };
  } catch (err) {
    const why = err instanceof TokenError ? err.message : "invalid token";
    throw new DomainError(DomainErrorCode.Unauthenticated, `Token rejected: ${why} / 令牌无效`);
  }
}
