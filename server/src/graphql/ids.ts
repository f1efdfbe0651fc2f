import { invalidInput } from "../domain/errors.js";

/** GraphQL IDs arrive as strings; the database keys are integers. */
export function toId(value: string | number, field: string): number {
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw invalidInput(`${field} must be a positive integer id, got "${value}"`, { field });
  return n;
}

export const optId = (value: string | number | undefined | null, field: string) =>
  value === undefined || value === null ? undefined : toId(value, field);

export function pageSize(first: number | undefined, max: number, fallback = 20): number {
  const n = first ?? fallback;
  if (!Number.isInteger(n) || n < 0 || n > max) {
    throw invalidInput(`first must be between 0 and ${max} / 每页数量须在 0 到 ${max} 之间`, { field: "first", max });
  }
  return n;
}
