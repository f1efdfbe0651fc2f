// How a caller's phone number and an address are normalised to compare requests (repeat and
// collective warnings): here, beside the tables, because the same rules are an index expression on
// tickets, the store's lookups (which must spell the expression identically to use that index) and
// the detectors' own JavaScript. The rules are regular-expression sources that mean the same in
// JavaScript and in PostgreSQL: the characters themselves (JavaScript's \s and \D and PostgreSQL's
// are not the same sets: PostgreSQL's follow the locale), no ranges (PostgreSQL's follow the
// collation), a lookahead instead of a back-reference (their replacement syntaxes differ).

import { sql, type SQL } from "drizzle-orm";

export const CALLER_KEYS = {
  /** Everything but ASCII digits goes. */
  phoneNoise: "[^0123456789]",
  /** The country code before a mainland mobile number goes. */
  phoneCountryCode: "^86(?=1[0123456789]{10}$)",
  phoneMinLength: 7,
  /** Spaces (JavaScript's \s, spelled out) and the punctuation operators differ in. */
  addressNoise: "[\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff,，。.、()（）-]",
  addressMinLength: 6,
} as const;

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
