import type { Logger as SdkLogger } from "matrix-js-sdk/lib/logger.js";
import type { Logger } from "pino";

/**
 * A matrix-js-sdk logger that forwards only warnings and errors to pino. The SDK logs every
 * request and sync at debug level, which is noise at best; its messages carry ids, but never
 * let them be the place message text could leak through.
 */
export function sdkLogger(log: Logger | undefined, prefix = ""): SdkLogger {
  const forward = (level: "warn" | "error") => (...msg: unknown[]) => {
    const text = msg.map((m) => (m instanceof Error ? m.message : typeof m === "string" ? m : "")).join(" ").slice(0, 300);
    if (log) log[level]({ sdk: prefix || "matrix" }, text);
  };
  const quiet = () => undefined;
  return {
    trace: quiet,
    debug: quiet,
    info: quiet,
    warn: forward("warn"),
    error: forward("error"),
    getChild: (child: string) => sdkLogger(log, prefix + child),
  };
}
