import {
  GetObjectCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from "@aws-sdk/client-s3";
import { formatAnchor, parseAnchor, type Anchor, type AnchorSink } from "../../core/audit/index.ts";
import { InputError } from "../../core/errors.ts";

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

const DAY_MS = 86_400_000;

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
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(options.bucket)) throw new InputError(`s3 bucket: "${options.bucket}" is not a valid bucket name`);
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
    const retainUntil = new Date(this.#clock().getTime() + this.#retentionDays * DAY_MS);
    await this.#s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: this.keyOf(anchor),
        Body: `${formatAnchor(anchor)}\n`,
        ContentType: "application/json",
        IfNoneMatch: "*",
        ObjectLockMode: "COMPLIANCE",
        ObjectLockRetainUntilDate: retainUntil,
        // Object Lock requires an integrity checksum on the upload.
        ChecksumAlgorithm: "SHA256",
      }),
    );
  }

  async readAll(): Promise<Anchor[]> {
    const anchors: Anchor[] = [];
    let keyMarker: string | undefined;
    let versionMarker: string | undefined;
    for (;;) {
      const page = await this.#s3.send(
        new ListObjectVersionsCommand({ Bucket: this.bucket, Prefix: this.prefix, KeyMarker: keyMarker, VersionIdMarker: versionMarker }),
      );
      for (const v of page.Versions ?? []) {
        if (!v.Key) continue;
        const object = await this.#s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: v.Key, VersionId: v.VersionId }));
        const text = (await object.Body?.transformToString("utf8")) ?? "";
        anchors.push(parseAnchor(text.trim(), `s3://${this.bucket}/${v.Key} (version ${v.VersionId ?? "null"})`));
      }
      if (!page.IsTruncated) break;
      keyMarker = page.NextKeyMarker;
      versionMarker = page.NextVersionIdMarker;
    }
    return anchors.sort((a, b) => a.seq - b.seq || a.anchoredAt.localeCompare(b.anchoredAt));
  }

  close(): void {
    this.#s3.destroy();
  }
}
