import type { AnchorSink, AuditLedger } from "../../core/audit/index.ts";
import { logger } from "../log.ts";

const log = logger("audit");

/**
 * Writes an anchor every `intervalMinutes` (policy `audit.anchorIntervalMinutes`) until the
 * returned function is called. A failed anchor is logged and retried at the next tick.
 */
export function startPeriodicAnchors(
  ledger: AuditLedger,
  sink: AnchorSink,
  options: { intervalMinutes: number; actor: string; key?: Uint8Array },
): () => void {
  let running = false;
  const tick = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      const result = await ledger.anchor(sink, { actor: options.actor, key: options.key });
      if (result) log.info({ seq: result.anchor.seq, sink: sink.kind }, "audit anchor written");
    } catch (err) {
      log.error({ err: err instanceof Error ? err.message : String(err), sink: sink.kind }, "audit anchor failed");
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), options.intervalMinutes * 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
