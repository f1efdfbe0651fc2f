import { describe, expect, it } from "vitest";
import { WARNING_STATUSES, type WarningStatus } from "@cityops/schema/vocabulary";
import { DomainError } from "../../server/src/domain/errors.js";
import { checkWarningCommand, warningTransition } from "../../server/src/domain/warnings/states.js";

describe("a warning's lifecycle", () => {
  const outcome = (status: WarningStatus, kind: "acknowledge" | "resolve") => {
    try {
      return warningTransition(7, status, kind === "acknowledge" ? { kind } : { kind, note: "已处置" })?.status ?? "unchanged";
    } catch (err) {
      return err instanceof DomainError ? err.code : "thrown";
    }
  };

  it("moves raised → acknowledged → resolved, and refuses what the status does not allow", () => {
    const table = Object.fromEntries(WARNING_STATUSES.map((s) => [s, [outcome(s, "acknowledge"), outcome(s, "resolve")]]));
    expect(table).toEqual({
      raised: ["acknowledged", "resolved"],
      acknowledged: ["unchanged", "resolved"],
      resolved: ["ILLEGAL_TRANSITION", "ILLEGAL_TRANSITION"],
    });
  });

  it("needs a note to resolve, of at most 2,000 characters, kept trimmed", () => {
    expect(() => checkWarningCommand({ kind: "resolve", note: "  " })).toThrow(/note must not be empty/);
    expect(() => checkWarningCommand({ kind: "resolve", note: "x".repeat(2001) })).toThrow(/longer than 2000/);
    expect(checkWarningCommand({ kind: "resolve", note: " 已联系责任单位 " })).toEqual({ kind: "resolve", note: "已联系责任单位" });
  });
});
