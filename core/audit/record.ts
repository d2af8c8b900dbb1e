import { hash } from "node:crypto";
import { canonicalJson } from "./canonicalJson.ts";

/** A JSON value as stored in `details` (no fractions: see canonicalJson). */
export type DetailValue = string | number | boolean | null | DetailValue[] | { [key: string]: DetailValue };
export type Details = Record<string, DetailValue>;

/**
 * One ledger record (DESIGN.md). `seq` starts at 1 and has no gaps; `ts` is an ISO 8601 UTC
 * timestamp with milliseconds that never goes backwards along the chain; `hash` is
 * SHA-256 (hex) over the canonical JSON of every other field, `prevHash` included.
 */
export interface AuditRecord {
  seq: number;
  ts: string;
  actor: string;
  action: string;
  target: string | null;
  details: Details;
  prevHash: string;
  hash: string;
}

/** What a process asks to record; the ledger assigns seq, ts and the hashes. */
export interface AuditEntry {
  /** Who did it: a Matrix user id (`@alice:example.org`) or a process (`system:sms-bridge`). */
  actor: string;
  /** `domain.verb_past`, registered with its details schema (see actions/). */
  action: string;
  /** What it was done to: a Matrix id, a device id, a portal room; null when nothing. */
  target?: string | null;
  /** Ids, categories, counts and hashes only: validated against the action's schema. */
  details?: Record<string, unknown>;
}

/** The last record of the chain, or the last purged one: what the next append links to. */
export interface ChainHead {
  seq: number;
  ts: string;
  hash: string;
}

const HEX64 = /^[0-9a-f]{64}$/;

export function isSha256Hex(value: string): boolean {
  return HEX64.test(value);
}

export function sha256Hex(text: string): string {
  // The one-shot hash is about twice as fast as createHash() for inputs this small.
  return hash("sha256", text, "hex");
}

/**
 * The prevHash of record 1. It binds the chain to its ledger id, so anchors written for one
 * ledger cannot be mistaken for another's and the id in the database cannot be swapped.
 */
export function genesisHash(ledgerId: string): string {
  return sha256Hex(`wardroom.audit.genesis:${ledgerId}`);
}

/** The canonical text a record's hash is computed over: every field except `hash`. */
export function hashInput(record: Omit<AuditRecord, "hash">): string {
  return hashInputWithDetailsText(record, canonicalJson(record.details));
}

/**
 * canonicalJson({ seq, ts, actor, action, target, details, prevHash }) written out with the
 * keys already in order, `detailsText` being the canonical JSON of details. Verify passes
 * the stored text as is: it was written canonical, so any re-encoding of it shows as a hash
 * mismatch, and a million records need not be parsed and re-encoded. The other fields are
 * JSON string literals or an integer, so no choice of details text can imitate them.
 */
export function hashInputWithDetailsText(record: Omit<AuditRecord, "hash" | "details">, detailsText: string): string {
  const { seq, ts, actor, action, target, prevHash } = record;
  if (!Number.isSafeInteger(seq)) throw new TypeError("$.seq: only safe integers can be hashed");
  return (
    `{"action":${str(action, "action")},"actor":${str(actor, "actor")},"details":${detailsText},` +
    `"prevHash":${str(prevHash, "prevHash")},"seq":${seq},"target":${target === null ? "null" : str(target, "target")},"ts":${str(ts, "ts")}}`
  );
}

function str(value: unknown, name: string): string {
  if (typeof value !== "string") throw new TypeError(`$.${name}: must be a string`);
  return JSON.stringify(value);
}

export function hashRecord(record: Omit<AuditRecord, "hash">): string {
  return sha256Hex(hashInput(record));
}

/** Builds the record that follows `head` (null for an empty ledger). */
export function chainRecord(
  head: ChainHead | null,
  genesis: string,
  entry: { actor: string; action: string; target: string | null; details: Details },
  now: Date,
): AuditRecord {
  const seq = head ? head.seq + 1 : 1;
  const prevHash = head ? head.hash : genesis;
  // The clock of one process may lag another's: ts never goes backwards, so that a time range
  // is also a seq range (queries and exports rely on this).
  const clock = now.toISOString();
  const ts = head && head.ts > clock ? head.ts : clock;
  const body = { seq, ts, actor: entry.actor, action: entry.action, target: entry.target, details: entry.details, prevHash };
  return { ...body, hash: hashRecord(body) };
}
