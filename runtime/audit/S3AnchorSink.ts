import { GetObjectCommand, S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";
import { formatAnchor, parseAnchor, type Anchor, type AnchorSink } from "../../core/audit/index.ts";
import { InputError } from "../../core/errors.ts";
import { checkBucketName, objectVersions, putLockedObject } from "./s3LockedObjects.ts";

export interface S3AnchorSinkOptions {
  bucket: string;
  /** Key prefix, e.g. "audit-anchors/" (default). */
  prefix?: string;
  /** How long each checkpoint is locked: the audit retention (policy audit.retentionDays). */
  retentionDays: number;
  /** Region, endpoint, credentials; the SDK's defaults (environment, instance role) otherwise. */
  client?: S3ClientConfig;
  clock?: () => Date;
}

/**
 * Checkpoints in an S3 bucket with Object Lock, one object per anchor, each written in
 * COMPLIANCE mode until the end of the audit retention: until then nobody, the account's root
 * included, can delete that version or shorten its lock. Writes are conditional
 * (If-None-Match: *), so an existing checkpoint is never replaced by this sink. Someone with
 * write access can still add a newer version of a key; readAll therefore reads every version
 * of every key, so the original stays in what verify compares (a forged version that
 * disagrees with the ledger is reported as such).
 *
 * The bucket must be created with Object Lock enabled (infra/aws, audit component).
 */
export class S3AnchorSink implements AnchorSink {
  readonly kind = "s3";
  readonly bucket: string;
  readonly prefix: string;
  readonly #s3: S3Client;
  readonly #retentionDays: number;
  readonly #clock: () => Date;

  constructor(options: S3AnchorSinkOptions) {
    checkBucketName(options.bucket);
    if (!Number.isInteger(options.retentionDays) || options.retentionDays < 1) throw new InputError("s3 retentionDays: must be an integer >= 1");
    this.bucket = options.bucket;
    this.prefix = options.prefix ?? "audit-anchors/";
    this.#s3 = new S3Client(options.client ?? {});
    this.#retentionDays = options.retentionDays;
    this.#clock = options.clock ?? (() => new Date());
  }

  /** The object key of an anchor: sorted by ledger, then seq, then time. */
  keyOf(anchor: Anchor): string {
    return `${this.prefix}${anchor.ledgerId}/${String(anchor.seq).padStart(16, "0")}-${anchor.anchoredAt}.json`;
  }

  async write(anchor: Anchor): Promise<void> {
    await putLockedObject(this.#s3, { bucket: this.bucket, key: this.keyOf(anchor), body: `${formatAnchor(anchor)}\n`, contentType: "application/json", retentionDays: this.#retentionDays, now: this.#clock() });
  }

  async readAll(): Promise<Anchor[]> {
    const anchors: Anchor[] = [];
    for await (const v of objectVersions(this.#s3, this.bucket, this.prefix)) {
      const object = await this.#s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: v.key, VersionId: v.versionId }));
      const text = (await object.Body?.transformToString("utf8")) ?? "";
      anchors.push(parseAnchor(text.trim(), `s3://${this.bucket}/${v.key} (version ${v.versionId ?? "null"})`));
    }
    return anchors.sort((a, b) => a.seq - b.seq || a.anchoredAt.localeCompare(b.anchoredAt));
  }

  close(): void {
    this.#s3.destroy();
  }
}
