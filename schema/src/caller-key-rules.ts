// How a caller's phone number and an address are normalised to compare requests (repeat and
// collective warnings): in the schema package, because the same rules are an index expression on
// tickets, the store's lookups (which must spell the expression identically to use that index) and
// the detectors' own JavaScript. The rules are regular-expression sources that mean the same in
// JavaScript and in PostgreSQL: the characters themselves (JavaScript's \s and \D and PostgreSQL's
// are not the same sets: PostgreSQL's follow the locale), no ranges (PostgreSQL's follow the
// collation), a lookahead instead of a back-reference (their replacement syntaxes differ).
// This file holds them without drizzle, for the pure detectors; caller-keys.ts spells them in SQL.

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
