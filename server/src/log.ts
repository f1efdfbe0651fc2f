import { pino, type Logger } from "pino";

export type { Logger };

/** Structured JSON logs on stdout; one line per event, ready for any collector. */
export function createLogger(level = process.env.LOG_LEVEL || "info"): Logger {
  return pino({ level, base: { service: "cityops-hub" } });
}
