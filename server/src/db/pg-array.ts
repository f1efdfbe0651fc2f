/**
 * A PostgreSQL array literal, passed as one parameter (`${pgArray(xs)}::int[]`): one bound value
 * however long the list, where `in (…)` would send a parameter per element.
 */
export const pgArray = (values: readonly (string | number)[]) => `{${values.map((v) => `"${String(v).replace(/["\\]/g, "\\$&")}"`).join(",")}}`;
