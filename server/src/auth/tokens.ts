import { createSecretKey, randomBytes, type KeyObject } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { SignJWT, jwtVerify, errors as joseErrors } from "jose";
import { ROLES, type Role } from "@cityops/schema";

export interface TokenClaims {
  sub: string;
  role: Role;
  /** Department code, for the department role. */
  dept?: string;
}

const ISSUER = "cityops-hub";

/**
 * Production reads the secret from CITYOPS_JWT_SECRET and refuses to start without one. Demo mode
 * generates one on first start and keeps it in the data folder, so tokens printed by
 * `pnpm cityops token` stay valid across restarts.
 */
export function resolveSecret(opts: { production: boolean; jwtSecret: string | undefined; dataDir: string }): Uint8Array {
  if (opts.jwtSecret) {
    if (opts.jwtSecret.length < 32) throw new Error("CITYOPS_JWT_SECRET must be at least 32 characters");
    return new TextEncoder().encode(opts.jwtSecret);
  }
  if (opts.production) throw new Error("Production mode (NODE_ENV=production) needs CITYOPS_JWT_SECRET: there is no default secret");
  const file = path.join(opts.dataDir, "jwt-secret");
  if (!existsSync(file)) {
    mkdirSync(opts.dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600, flag: "wx" });
  }
  return new TextEncoder().encode(readFileSync(file, "utf8").trim());
}

export async function signToken(secret: Uint8Array, claims: TokenClaims, ttl = "30d"): Promise<string> {
  return new SignJWT({ role: claims.role, ...(claims.dept ? { dept: claims.dept } : {}) })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(claims.sub)
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(secret);
}

export class TokenError extends Error {}

// jose imports a raw secret into WebCrypto on every call; a KeyObject is imported once per secret.
const keys = new WeakMap<Uint8Array, KeyObject>();
function keyOf(secret: Uint8Array): KeyObject {
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = createSecretKey(secret)));
  return key;
}

// A verified token's claims, kept until it expires: verifying the HMAC through WebCrypto took about
// a quarter of a millisecond, which every request of the same client paid again. Keyed by the whole
// token, so a token that differs in any character is verified afresh.
const verified = new WeakMap<Uint8Array, Map<string, { claims: TokenClaims; until: number }>>();
const VERIFIED_TOKENS = 10_000;

/** The token's claims, or a TokenError. `now` is for tests: when the token is checked. */
export async function verifyToken(secret: Uint8Array, token: string, now = new Date()): Promise<TokenClaims> {
  let known = verified.get(secret);
  if (!known) verified.set(secret, (known = new Map()));
  const hit = known.get(token);
  if (hit) {
    if (now.getTime() < hit.until) return hit.claims;
    known.delete(token);
    throw new TokenError("token expired");
  }
  try {
    const { payload } = await jwtVerify(token, keyOf(secret), { issuer: ISSUER, algorithms: ["HS256"], currentDate: now });
    const role = payload.role;
    if (typeof role !== "string" || !(ROLES as readonly string[]).includes(role)) throw new TokenError("token has no valid role");
    if (typeof payload.sub !== "string") throw new TokenError("token has no subject");
    const dept = typeof payload.dept === "string" ? payload.dept : undefined;
    if (role === "department" && !dept) throw new TokenError("a department token must name its department");
    const claims: TokenClaims = Object.freeze({ sub: payload.sub, role: role as Role, ...(dept ? { dept } : {}) });
    // Only tokens that expire are kept (every token signToken makes does).
    if (typeof payload.exp === "number") {
      if (known.size >= VERIFIED_TOKENS) known.delete(known.keys().next().value as string);
      known.set(token, { claims, until: payload.exp * 1000 });
    }
    return claims;
  } catch (err) {
    if (err instanceof TokenError) throw err;
    if (err instanceof joseErrors.JWTExpired) throw new TokenError("token expired");
    throw new TokenError("invalid token");
  }
}

/** Reads "Bearer x" from an Authorization header or graphql-ws connectionParams value. */
export function bearer(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(value);
  return m ? m[1]! : null;
}
