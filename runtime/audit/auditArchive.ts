import type { S3ClientConfig } from "@aws-sdk/client-s3";
import type { AuditLedger } from "../../core/audit/index.ts";
import type { Policy } from "../../core/policy/index.ts";
import { logger } from "../log.ts";
import { readAnchorKey } from "./anchorKey.ts";
import { AUDIT_ANCHOR_KEY_FILE_ENV, AUDIT_S3_BUCKET_ENV } from "./archiveEnv.ts";
import { startPeriodicAnchors } from "./periodicAnchors.ts";
import { S3AnchorSink } from "./S3AnchorSink.ts";
import { S3RecordExports } from "./S3RecordExports.ts";

const log = logger("audit");

export interface AuditArchive {
  readonly sink: S3AnchorSink;
  readonly exports: S3RecordExports;
  /** Writes a last checkpoint if records arrived since the previous one, exports the rest, then stops. */
  stop(): Promise<void>;
}

/**
 * The audit archive bucket (S3 Object Lock), when `$WARDROOM_AUDIT_S3_BUCKET` names one (on
 * AWS: the Audit component's bucket; the lifecycle bot's task sets it), receives:
 * - the ledger's checkpoints (S3AnchorSink): one at start, then within
 *   `audit.anchorLagSeconds` of new records and at least every `audit.anchorIntervalMinutes`,
 *   sealed with the HMAC key in `$WARDROOM_AUDIT_ANCHOR_KEY_FILE` when set;
 * - the records themselves as JSON Lines (S3RecordExports): at start, every
 *   `audit.anchorIntervalMinutes`, and at stop after the last checkpoint;
 * each object locked in compliance mode for `audit.retentionDays`. Returns undefined without
 * a bucket (the local stack anchors into a file itself).
 *
 * A failed write (S3 unreachable, a missing permission) is logged and retried at the next
 * tick rather than stopping the process: the ledger keeps every record either way, and the
 * next checkpoint and export cover them all.
 */
export async function startAuditArchive(
  ledger: AuditLedger,
  audit: Pick<Policy["audit"], "retentionDays" | "anchorIntervalMinutes" | "anchorLagSeconds">,
  options: { actor: string; env?: NodeJS.ProcessEnv; client?: S3ClientConfig },
): Promise<AuditArchive | undefined> {
  const env = options.env ?? process.env;
  const bucket = env[AUDIT_S3_BUCKET_ENV];
  if (!bucket) return undefined;
  const keyFile = env[AUDIT_ANCHOR_KEY_FILE_ENV];
  const key = keyFile ? readAnchorKey(keyFile, AUDIT_ANCHOR_KEY_FILE_ENV) : undefined;
  const s3 = { retentionDays: audit.retentionDays, ...(options.client ? { client: options.client } : {}) };
  const sink = new S3AnchorSink({ bucket, ...s3 });
  const exports = new S3RecordExports({ bucket, ...s3 });
  const failed = (what: string) => (err: unknown) => log.error({ err: err instanceof Error ? err.message : String(err), sink: "s3" }, `audit ${what} failed`);
  const exportNew = async () => {
    try {
      const done = await exports.exportNew(ledger);
      if (done.records > 0) log.info({ ...done, sink: "s3" }, "audit records exported");
    } catch (err) {
      failed("export")(err);
    }
  };
  try {
    const first = await ledger.anchor(sink, { actor: options.actor, key });
    if (first) log.info({ seq: first.anchor.seq, sink: sink.kind }, "audit anchor written");
  } catch (err) {
    failed("anchor")(err);
  }
  await exportNew();
  const periodic = startPeriodicAnchors(ledger, sink, { intervalMinutes: audit.anchorIntervalMinutes, lagSeconds: audit.anchorLagSeconds, actor: options.actor, key });
  let exporting: Promise<void> | null = null;
  const exportTick = () => (exporting ??= exportNew().finally(() => (exporting = null)));
  const timer = setInterval(() => void exportTick(), audit.anchorIntervalMinutes * 60_000);
  timer.unref();
  log.info({ sealed: key !== undefined }, "audit checkpoints and exports go to the archive bucket");
  return {
    sink,
    exports,
    async stop() {
      clearInterval(timer);
      await periodic.stop();
      await exporting;
      await exportNew();
      sink.close();
      exports.close();
    },
  };
}
