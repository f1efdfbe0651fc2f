// Links to report documents: a report can be opened from a signed link (sent to a leader's phone,
// pasted into a chat) without a token, for a week. The GraphQL `Report.url` signs; GET /reports/:id
// checks.

import { createHmac, timingSafeEqual } from "node:crypto";

/** Roles that may read reports, by link or with a token. */
export const REPORT_READERS = ["operator", "supervisor", "leader", "staffing_office", "admin"] as const;

/** A report link works this long without a token. */
export const LINK_TTL_S = 7 * 24 * 3600;

const signature = (secret: Uint8Array, id: number, exp: number) => createHmac("sha256", secret).update(`report:${id}:${exp}`).digest("base64url");

/** The path of report `id`'s document, signed until `now` + LINK_TTL_S. */
export function reportLink(secret: Uint8Array, id: number, now: Date): string {
  const exp = Math.floor(now.getTime() / 1000) + LINK_TTL_S;
  return `/reports/${id}?exp=${exp}&sig=${signature(secret, id, exp)}`;
}

/** Whether `sig` signs report `id` until `exp` (seconds) and that time has not passed. */
export function linkValid(secret: Uint8Array, id: number, exp: number, sig: string, now = Date.now()): boolean {
  if (!Number.isSafeInteger(id) || !sig || !(exp * 1000 > now)) return false;
  const want = Buffer.from(signature(secret, id, exp));
  const got = Buffer.from(sig);
  return want.length === got.length && timingSafeEqual(want, got);
}
