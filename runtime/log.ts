import { pino, type Logger } from "pino";

/**
 * One logger per module, configured once per process. Log ids and categories, never message
 * text or other PHI: callers pass structured fields, not free text taken from users.
 * Logs go to stderr so that stdout stays free for machine-readable CLI output.
 */
const root = pino(
  { level: process.env.WARDROOM_LOG_LEVEL ?? "info", base: { pid: process.pid } },
  pino.destination(2),
);

export function logger(module: string): Logger {
  return root.child({ module });
}
