import { S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";
import { toJsonLine, type AuditLedger, type AuditRecord } from "../../core/audit/index.ts";
import { InputError } from "../../core/errors.ts";
import { checkBucketName, objectVersions, putLockedObject } from "./s3LockedObjects.ts";

export interface S3RecordExportsOptions {
  bucket: string;
  /** Key prefix (default "audit-records/"). */
  prefix?: string;
  /** How long each export is locked: the audit retention (policy audit.retentionDays). */
  retentionDays: number;
  /** Records per object at most (default 10,000: a few MB). */
  recordsPerObject?: number;
  client?: S3ClientConfig;
  clock?: () => Date;
}

const SEQ_DIGITS = 16;
const pad = (seq: number) => String(seq).padStart(SEQ_DIGITS, "0");

/**
 * The ledger's records in the audit archive, as the faithful JSON Lines export (`wardroom
 * audit export`: every field, so anyone can recompute each hash), one object per run of
 * consecutive records, `<prefix><ledgerId>/<firstSeq>-<lastSeq>.jsonl`, each locked in
 * COMPLIANCE mode for the audit retention. The records then outlive the database, its
 * backups and anyone with the database's owner role. Each run exports what the previous ones
 * did not, read from the keys themselves, so a restarted process carries on where the last
 * object ends.
 */
export class S3RecordExports {
  readonly bucket: string;
  readonly prefix: string;
  readonly #s3: S3Client;
  readonly #retentionDays: number;
  readonly #perObject: number;
  readonly #clock: () => Date;
  /** The last exported seq per ledger, once listed (this process is the only writer). */
  readonly #exported = new Map<string, number>();

  constructor(options: S3RecordExportsOptions) {
    checkBucketName(options.bucket);
    if (!Number.isInteger(options.retentionDays) || options.retentionDays < 1) throw new InputError("s3 retentionDays: must be an integer >= 1");
    this.bucket = options.bucket;
    this.prefix = options.prefix ?? "audit-records/";
    this.#s3 = new S3Client(options.client ?? {});
    this.#retentionDays = options.retentionDays;
    this.#perObject = options.recordsPerObject ?? 10_000;
    this.#clock = options.clock ?? (() => new Date());
  }

  keyOf(ledgerId: string, firstSeq: number, lastSeq: number): string {
    return `${this.prefix}${ledgerId}/${pad(firstSeq)}-${pad(lastSeq)}.jsonl`;
  }

  /** The highest seq already in the archive for this ledger (0: none). */
  async lastExportedSeq(ledgerId: string): Promise<number> {
    const known = this.#exported.get(ledgerId);
    if (known !== undefined) return known;
    const prefix = `${this.prefix}${ledgerId}/`;
    const pattern = new RegExp(`^\\d{${SEQ_DIGITS}}-(\\d{${SEQ_DIGITS}})\\.jsonl$`);
    let last = 0;
    for await (const v of objectVersions(this.#s3, this.bucket, prefix)) {
      const m = pattern.exec(v.key.slice(prefix.length));
      if (m) last = Math.max(last, Number(m[1]));
    }
    this.#exported.set(ledgerId, last);
    return last;
  }

  /** Writes every record after the last exported one, up to the ledger's head now. */
  async exportNew(ledger: AuditLedger): Promise<{ objects: number; records: number }> {
    const ledgerId = await ledger.store.ledgerId();
    const head = (await ledger.head())?.seq ?? 0;
    const after = await this.lastExportedSeq(ledgerId);
    const done = { objects: 0, records: 0 };
    if (head <= after) return done;
    let batch: AuditRecord[] = [];
    const flush = async () => {
      const first = batch[0]!.seq;
      const last = batch[batch.length - 1]!.seq;
      await putLockedObject(this.#s3, { bucket: this.bucket, key: this.keyOf(ledgerId, first, last), body: batch.map(toJsonLine).join(""), contentType: "application/x-ndjson", retentionDays: this.#retentionDays, now: this.#clock() });
      this.#exported.set(ledgerId, last);
      done.objects++;
      done.records += batch.length;
      batch = [];
    };
    for await (const record of ledger.records({ fromSeq: after + 1, toSeq: head })) {
      batch.push(record);
      if (batch.length >= this.#perObject) await flush();
    }
    if (batch.length > 0) await flush();
    return done;
  }

  close(): void {
    this.#s3.destroy();
  }
}
