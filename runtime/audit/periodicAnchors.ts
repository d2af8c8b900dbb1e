import type { AnchorSink, AuditLedger } from "../../core/audit/index.ts";
import { logger } from "../log.ts";

const log = logger("audit");

export interface PeriodicAnchors {
  /** Writes a last checkpoint when records arrived since the previous one, then stops. */
  stop(): Promise<void>;
}

/**
 * Keeps the newest records checkpointed: every `lagSeconds` (policy `audit.anchorLagSeconds`)
 * an anchor is written if records were appended since the last one, and at least every
 * `intervalMinutes` (policy `audit.anchorIntervalMinutes`) in any case; stop() writes a last
 * one. So deleting recent records is noticed by verify however little time they had. The
 * `audit.anchored` record an anchor adds is not "new" by itself (else every tick would
 * anchor); it is covered by the next checkpoint. A failed anchor is logged and retried at the
 * next tick.
 */
export function startPeriodicAnchors(
  ledger: AuditLedger,
  sink: AnchorSink,
  options: { intervalMinutes: number; lagSeconds?: number; actor: string; key?: Uint8Array },
): PeriodicAnchors {
  let running: Promise<void> | null = null;
  let lastOwnRecord = -1;
  let lastAnchorAt = Date.now();
  const anchorIfNeeded = async (): Promise<void> => {
    try {
      if (lastOwnRecord === -1) {
        // Started right after an anchor (the local stack writes one at start): nothing new yet.
        const [newest] = (await ledger.query({ limit: 1 })).records;
        lastOwnRecord = newest?.action === "audit.anchored" ? newest.seq : 0;
      }
      const head = await ledger.head();
      if (!head) return;
      const fresh = head.seq !== lastOwnRecord;
      const due = Date.now() - lastAnchorAt >= options.intervalMinutes * 60_000;
      if (!fresh && !due) return;
      const result = await ledger.anchor(sink, { actor: options.actor, key: options.key });
      lastAnchorAt = Date.now();
      if (result) {
        lastOwnRecord = result.record.seq;
        log.info({ seq: result.anchor.seq, sink: sink.kind }, "audit anchor written");
      }
    } catch (err) {
      log.error({ err: err instanceof Error ? err.message : String(err), sink: sink.kind }, "audit anchor failed");
    }
  };
  const tick = (): Promise<void> => {
    running ??= anchorIfNeeded().finally(() => (running = null));
    return running;
  };
  const timer = setInterval(() => void tick(), (options.lagSeconds ?? 60) * 1000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
      await tick();
    },
  };
}
