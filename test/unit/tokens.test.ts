import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signToken, verifyToken } from "../../server/src/auth/tokens.js";

describe("tokens verified once, until they expire", () => {
  it("answers a verified token again from memory, and refuses it once it has expired", async () => {
    const secret = new Uint8Array(randomBytes(32));
    const token = await signToken(secret, { sub: "dept:WSJ", role: "department", dept: "WSJ" }, "60s");
    const now = Date.now();
    const first = await verifyToken(secret, token, new Date(now));
    expect(first).toEqual({ sub: "dept:WSJ", role: "department", dept: "WSJ" });
    expect(await verifyToken(secret, token, new Date(now + 30_000))).toEqual(first);
    await expect(verifyToken(secret, token, new Date(now + 61_000))).rejects.toThrow("token expired");
    // Refused from then on, not verified afresh into the memory again.
    await expect(verifyToken(secret, token, new Date(now + 62_000))).rejects.toThrow("token expired");
  });

  it("verifies afresh a token that differs in one character, or comes with another secret", async () => {
    const secret = new Uint8Array(randomBytes(32));
    const token = await signToken(secret, { sub: "leader:x", role: "leader" }, "60s");
    await verifyToken(secret, token);
    const last = token.at(-2) === "A" ? "B" : "A";
    const forged = `${token.slice(0, -2)}${last}${token.at(-1)}`;
    await expect(verifyToken(secret, forged)).rejects.toThrow("invalid token");
    await expect(verifyToken(new Uint8Array(randomBytes(32)), token)).rejects.toThrow("invalid token");
  });
});
