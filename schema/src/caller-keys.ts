// The caller-key rules (caller-key-rules.ts) spelled in SQL: the same normalisation is an index
// expression on tickets and the store's lookups, which must spell it identically to use that index.

import { sql, type SQL } from "drizzle-orm";
import { CALLER_KEYS } from "./caller-key-rules.js";

export { CALLER_KEYS };

/**
 * A string constant, inlined (an index expression matches a query only when their constants are
 * equal) and spelled in printable ASCII with escapes, so that no file or tool on the way (the
 * generated migration above all: it turned a carriage return into a line feed) can change it.
 */
function literal(s: string): SQL {
  let out = "";
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === "'" || ch === "\\") out += `\\${ch}`;
    else if (c >= 0x20 && c <= 0x7e) out += ch;
    else out += c > 0xffff ? `\\U${c.toString(16).padStart(8, "0")}` : `\\u${c.toString(16).padStart(4, "0")}`;
  }
  return sql.raw(`E'${out}'`);
}

/** A phone column with its noise and country code removed (length not yet checked). */
export const phoneKeySql = (col: SQL) =>
  sql`regexp_replace(regexp_replace(${col}, ${literal(CALLER_KEYS.phoneNoise)}, '', 'g'), ${literal(CALLER_KEYS.phoneCountryCode)}, '')`;

/** An address column with its spaces and punctuation removed (length not yet checked). */
export const addressKeySql = (col: SQL) => sql`regexp_replace(${col}, ${literal(CALLER_KEYS.addressNoise)}, '', 'g')`;
