import type { S3ClientConfig } from "@aws-sdk/client-s3";
import type { AuditLedger } from "../../core/audit/index.ts";
import type { Policy } from "../../core/policy/index.ts";
import { logger } from "../log.ts";
import { readAnchorKey } from "./anchorKey.ts";
import { AUDIT_ANCHOR_KEY_FILE_ENV, AUDIT_S3_BUCKET_ENV } from "./archiveEnv.ts";
import { startPeriodicAnchors } from "./periodicAnchors.ts";
import { S3AnchorSink } from "./S3AnchorSink.ts";

const log = logger("audit");

export interface ArchiveAnchors {
  readonly sink: S3AnchorSink;
  /** Writes a last checkpoint if records arrived since the previous one, then stops. */
  stop(): Promise<void>;
}

/**
 * Checkpoints of the ledger into the audit archive bucket, when `$WARDROOM_AUDIT_S3_BUCKET`
 * names one (on AWS: the Audit component's Object Lock bucket; the lifecycle bot's task sets
 * it): one at start, then within `audit.anchorLagSeconds` of new records and at least every
 * `audit.anchorIntervalMinutes`, each locked in compliance mode for `audit.retentionDays`.
 * Sealed with the HMAC key in `$WARDROOM_AUDIT_ANCHOR_KEY_FILE` when set. Returns undefined
 * without a bucket (the local stack anchors into a file itself).
 *
 * A failed write (S3 unreachable, a missing permission) is logged and retried at the next
 * tick rather than stopping the process: the ledger keeps every record either way, and the
 * next checkpoint covers them all.
 */
export async function startArchiveAnchors(
  ledger: AuditLedger,
  audit: Pick<Policy["audit"], "retentionDays" | "anchorIntervalMinutes" | "anchorLagSeconds">,
  options: { actor: string; env?: NodeJS.ProcessEnv; client?: S3ClientConfig },
): Promise<ArchiveAnchors | undefined> {
  const env = options.env ?? process.env;
  const bucket = env[AUDIT_S3_BUCKET_ENV];
  if (!bucket) return undefined;
  const keyFile = env[AUDIT_ANCHOR_KEY_FILE_ENV];
  const key = keyFile ? readAnchorKey(keyFile, AUDIT_ANCHOR_KEY_FILE_ENV) : undefined;
  const sink = new S3AnchorSink({ bucket, retentionDays: audit.retentionDays, ...(options.client ? { client: options.client } : {}) });
  try {
    const first = await ledger.anchor(sink, { actor: options.actor, key });
    if (first) log.info({ seq: first.anchor.seq, sink: sink.kind }, "audit anchor written");
  } catch (err) {
    log.error({ err: err instanceof Error ? err.message : String(err), sink: sink.kind }, "audit anchor failed");
  }
  const periodic = startPeriodicAnchors(ledger, sink, { intervalMinutes: audit.anchorIntervalMinutes, lagSeconds: audit.anchorLagSeconds, actor: options.actor, key });
  log.info({ sealed: key !== undefined }, "audit checkpoints go to the archive bucket");
  return {
    sink,
    async stop() {
      await periodic.stop();
      sink.close();
    },
  };
}
