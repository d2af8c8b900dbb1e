import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { InputError } from "../errors.ts";
import { canonicalJson } from "./canonicalJson.ts";
import { sha256Hex } from "./record.ts";

/**
 * A checkpoint of the chain kept outside the database (a file now, a write-once S3 object in
 * AWS): the ledger held record `seq` with hash `hash` at `anchoredAt`. Verify compares the
 * ledger with every anchor, so deleting the tail after an anchor, or rewriting the chain up
 * to it, is detected. `seal` is an HMAC-SHA256 over the other fields when a key is configured
 * (the anchor cannot be forged without the key), otherwise a SHA-256 digest (detects
 * corruption only; the protection then comes from where the anchor is kept).
 */
export interface Anchor {
  v: 1;
  ledgerId: string;
  seq: number;
  hash: string;
  recordTs: string;
  anchoredAt: string;
  seal: string;
}

export type AnchorBody = Omit<Anchor, "seal" | "v">;

/** Where anchors are written and read back. Implementations: a file, an S3 bucket. */
export interface AnchorSink {
  /** A category naming the sink in `audit.anchored` details: "file", "s3". */
  readonly kind: string;
  /** Stores one anchor durably before resolving; never overwrites an earlier one. */
  write(anchor: Anchor): Promise<void>;
  /** Every anchor stored, oldest first. A malformed entry throws an InputError naming it. */
  readAll(): Promise<Anchor[]>;
}

const AnchorSchema = z.strictObject({
  v: z.literal(1),
  ledgerId: z.string().min(1).max(100),
  seq: z.int().min(1),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  recordTs: z.iso.datetime({ precision: 3 }),
  anchoredAt: z.iso.datetime({ precision: 3 }),
  seal: z.string().regex(/^(hmac-sha256|sha256):[0-9a-f]{64}$/),
});

function sealInput(body: AnchorBody): string {
  const { ledgerId, seq, hash, recordTs, anchoredAt } = body;
  return canonicalJson({ v: 1, ledgerId, seq, hash, recordTs, anchoredAt });
}

export function sealAnchor(body: AnchorBody, key?: Uint8Array): Anchor {
  const input = sealInput(body);
  const seal = key ? `hmac-sha256:${createHmac("sha256", key).update(input).digest("hex")}` : `sha256:${sha256Hex(input)}`;
  return { v: 1, ...body, seal };
}

/** "ok" when the seal matches; "unauthenticated" for an HMAC seal checked without the key. */
export function checkAnchorSeal(anchor: Anchor, key?: Uint8Array): "ok" | "unauthenticated" | "bad" {
  const [scheme, digest = ""] = anchor.seal.split(":");
  const input = sealInput(anchor);
  let expected: string;
  if (scheme === "sha256") expected = sha256Hex(input);
  else if (!key) return "unauthenticated";
  else expected = createHmac("sha256", key).update(input).digest("hex");
  const a = Buffer.from(digest, "hex");
  const b = Buffer.from(expected, "hex");
  return a.length === b.length && timingSafeEqual(a, b) ? "ok" : "bad";
}

/** The digest recorded in `audit.anchored`, tying the ledger to the anchor written. */
export function anchorDigest(anchor: Anchor): string {
  return sha256Hex(canonicalJson({ ...anchor }));
}

export function formatAnchor(anchor: Anchor): string {
  return canonicalJson({ ...anchor });
}

/** Parses one stored anchor; `where` names it in errors ("anchors.jsonl line 3"). */
export function parseAnchor(text: string, where: string): Anchor {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InputError(`${where}: not valid JSON`);
  }
  const result = AnchorSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new InputError(`${where}: ${issue?.path.join(".") || "anchor"}: ${issue?.message ?? "invalid"}`);
  }
  return result.data as Anchor;
}
