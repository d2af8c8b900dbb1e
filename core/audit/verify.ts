import type { Anchor } from "./anchor.ts";
import { hashInputWithDetailsText, sha256Hex } from "./record.ts";
import type { PurgeBoundary, StoredRecord } from "./store.ts";

export type VerifyProblemKind =
  | "missing"
  | "out_of_order"
  | "link_broken"
  | "hash_mismatch"
  | "time_reversed"
  | "anchor_mismatch"
  | "anchor_invalid"
  | "truncated"
  | "purge_unattested";

/** The first thing wrong with the chain, naming the record (`seq`) where it shows. */
export interface VerifyProblem {
  seq: number;
  kind: VerifyProblemKind;
  message: string;
}

export interface VerifyReport {
  ok: boolean;
  /** Records whose hash and link were checked. */
  checked: number;
  firstSeq: number | null;
  lastSeq: number | null;
  lastHash: string | null;
  /** Anchors compared with a record of the range. */
  anchorsChecked: number;
  problem: VerifyProblem | null;
}

export interface VerifyOptions {
  /** The record expected first and what its prevHash must be (and the ts it may not precede). */
  start: { seq: number; prevHash: string; prevTs?: string };
  /** Last seq of the range (inclusive); the chain's end when absent. */
  to?: number;
  /** Checkpoints of this ledger with valid seals. */
  anchors?: readonly Anchor[];
  /** Set when the chain starts after a purge: an `audit.purged` record must attest it. */
  purgeBoundary?: PurgeBoundary;
}

/**
 * Verifies a stream of stored records, oldest first, in constant memory: seq continuity, the
 * prevHash link, each record's own hash, non-decreasing time, agreement with every anchor in
 * range, and, at the end, that no anchored record is missing. Stops at the first problem.
 */
export async function verifyChain(
  records: AsyncIterable<StoredRecord | readonly StoredRecord[]>,
  options: VerifyOptions,
): Promise<VerifyReport> {
  const anchors = [...(options.anchors ?? [])]
    .filter((a) => a.seq >= options.start.seq && (options.to === undefined || a.seq <= options.to))
    .sort((a, b) => a.seq - b.seq);
  let nextAnchor = 0;
  let anchorsChecked = 0;
  let expectedSeq = options.start.seq;
  let prevHash = options.start.prevHash;
  let prevTs = options.start.prevTs ?? "";
  let checked = 0;
  let firstSeq: number | null = null;
  let purgeAttested = options.purgeBoundary === undefined;

  const report = (problem: VerifyProblem | null): VerifyReport => ({
    ok: problem === null,
    checked,
    firstSeq,
    lastSeq: checked > 0 ? expectedSeq - 1 : null,
    lastHash: checked > 0 ? prevHash : null,
    anchorsChecked,
    problem,
  });

  // Items may be records or pages of records (cheaper: one await per page).
  chain: for await (const item of records) {
    for (const record of isPage(item) ? item : [item]) {
      if (options.to !== undefined && record.seq > options.to) break chain;
      const seq = record.seq;
      if (seq > expectedSeq) {
        const gap = seq - 1 === expectedSeq ? `record ${expectedSeq}` : `records ${expectedSeq}..${seq - 1}`;
        return report({ seq: expectedSeq, kind: "missing", message: `record ${expectedSeq}: missing (${gap} absent; the ledger jumps to ${seq})` });
      }
      if (seq < expectedSeq) {
        return report({ seq, kind: "out_of_order", message: `record ${seq}: out of order (expected ${expectedSeq})` });
      }
      if (record.prevHash !== prevHash) {
        return report({
          seq,
          kind: "link_broken",
          message: `record ${seq}: prevHash does not match the hash of record ${seq - 1} (a record was changed, removed or reordered)`,
        });
      }
      const computed = computeHash(record);
      if (computed !== record.hash) {
        return report({
          seq,
          kind: "hash_mismatch",
          message: `record ${seq}: hash does not match its content (a field was changed)`,
        });
      }
      if (record.ts < prevTs) {
        return report({ seq, kind: "time_reversed", message: `record ${seq}: ts is earlier than the previous record's` });
      }
      while (nextAnchor < anchors.length && anchors[nextAnchor]!.seq === seq) {
        const anchor = anchors[nextAnchor++]!;
        anchorsChecked++;
        if (anchor.hash !== record.hash) {
          return report({
            seq,
            kind: "anchor_mismatch",
            message: `record ${seq}: hash differs from the checkpoint anchored at ${anchor.anchoredAt} (the chain was rewritten)`,
          });
        }
      }
      if (!purgeAttested && record.action === "audit.purged") purgeAttested = attestsPurge(record, options.purgeBoundary!);
      if (firstSeq === null) firstSeq = seq;
      checked++;
      expectedSeq = seq + 1;
      prevHash = record.hash;
      prevTs = record.ts;
    }
  }

  const lost = anchors[nextAnchor];
  if (lost) {
    const last = expectedSeq - 1;
    // The newest checkpoint tells how much of the tail is gone.
    const newest = anchors[anchors.length - 1]!;
    const missing = newest.seq - last;
    return report({
      seq: expectedSeq,
      kind: "truncated",
      message:
        `the ledger ends at ${last}, the last checkpoint says ${newest.seq}: ${missing} record${missing === 1 ? "" : "s"} missing ` +
        `(record ${expectedSeq} onwards; checkpoint of ${newest.anchoredAt}: the tail was truncated)`,
    });
  }
  const reachedEnd = options.to === undefined || expectedSeq <= options.to;
  if (!purgeAttested && reachedEnd) {
    const boundary = options.purgeBoundary!;
    return report({
      seq: boundary.seq,
      kind: "purge_unattested",
      message: `record ${boundary.seq}: missing (the ledger starts at ${boundary.seq + 1} but no audit.purged record attests a purge through ${boundary.seq})`,
    });
  }
  return report(null);
}

/** The record's hash recomputed from its stored content; null when a field has the wrong type. */
function computeHash(record: StoredRecord): string | null {
  try {
    return sha256Hex(hashInputWithDetailsText(record, record.details));
  } catch {
    return null;
  }
}

function attestsPurge(record: StoredRecord, boundary: PurgeBoundary): boolean {
  try {
    const details = JSON.parse(record.details) as { throughSeq?: unknown; lastHash?: unknown };
    return details.throughSeq === boundary.seq && details.lastHash === boundary.hash;
  } catch {
    return false;
  }
}

function isPage(item: StoredRecord | readonly StoredRecord[]): item is readonly StoredRecord[] {
  return Array.isArray(item);
}
