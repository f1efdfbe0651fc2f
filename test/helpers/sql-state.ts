// The SQLSTATE of a statement that failed, for tests of what the database refuses.

/** The SQLSTATE of a failed statement (drizzle wraps the driver's error in `cause`); null if it succeeded. */
export async function sqlState(p: Promise<unknown>): Promise<string | null> {
  try {
    await p;
    return null;
  } catch (err) {
    for (let e: unknown = err; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
      const code = (e as { code?: unknown }).code;
      if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    }
    throw err;
  }
}
