import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, ListObjectVersionsCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toJsonLine } from "../../../core/audit/index.ts";
import { InputError } from "../../../core/errors.ts";
import { AUDIT_ANCHOR_KEY_FILE_ENV, AUDIT_S3_BUCKET_ENV, openAuditLedger, S3AnchorSink, S3RecordExports, startAuditArchive } from "../../../runtime/audit/index.ts";
import { startMoto, type Moto } from "../../fakes/moto.ts";

const credentials = { accessKeyId: "testing", secretAccessKey: "testing" };
const DAY_MS = 86_400_000;
// A lag longer than the test: no tick runs by itself, so every checkpoint seen is one the
// start or the stop wrote.
const auditPolicy = { retentionDays: 2190, anchorIntervalMinutes: 60, anchorLagSeconds: 60 };
let moto: Moto;
let s3: S3Client;
let dir: string;
let bucketCounter = 0;

beforeAll(async () => {
  moto = await startMoto();
  s3 = new S3Client({ region: "us-east-1", endpoint: moto.url, forcePathStyle: true, credentials });
  dir = mkdtempSync(join(tmpdir(), "wardroom-archive-anchors-"));
}, 300_000);
afterAll(async () => {
  s3?.destroy();
  await moto?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function lockedBucket(): Promise<string> {
  const bucket = `wardroom-archive-${process.pid}-${bucketCounter++}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: true }));
  return bucket;
}

async function ledgerWithRecords(name: string, count: number) {
  const ledger = await openAuditLedger({ url: `sqlite:${join(dir, `${name}.db`)}` });
  for (let i = 0; i < count; i++) await ledger.append({ actor: "@a:x", action: "policy.loaded", details: { policyHash: String(i % 10).repeat(64) } });
  return ledger;
}

const client = () => ({ region: "us-east-1", endpoint: moto.url, forcePathStyle: true, credentials });

async function objectText(bucket: string, key: string): Promise<string> {
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return (await object.Body?.transformToString("utf8")) ?? "";
}

async function lockedDaysOf(bucket: string, key: string): Promise<number> {
  const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  expect(head.ObjectLockMode, key).toBe("COMPLIANCE");
  return (head.ObjectLockRetainUntilDate!.getTime() - Date.now()) / DAY_MS;
}

const keysUnder = async (bucket: string, prefix: string) => ((await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: prefix }))).Versions ?? []).map((v) => v.Key!).sort();

describe("the audit archive bucket ($WARDROOM_AUDIT_S3_BUCKET, moto's S3 with Object Lock)", () => {
  it("with the bucket set: a sealed checkpoint and the records at start, locked in compliance mode for the retention, more at stop", async () => {
    const bucket = await lockedBucket();
    const keyFile = join(dir, "anchor.key");
    writeFileSync(keyFile, Buffer.alloc(32, 7));
    const ledger = await ledgerWithRecords("sealed", 5);
    const env = { [AUDIT_S3_BUCKET_ENV]: bucket, [AUDIT_ANCHOR_KEY_FILE_ENV]: keyFile };
    const archive = await startAuditArchive(ledger, auditPolicy, { actor: "system:lifecycle", env, client: client() });
    try {
      expect(archive).toBeDefined();
      const ledgerId = await ledger.store.ledgerId();
      const anchorKeys = await keysUnder(bucket, "audit-anchors/");
      expect(anchorKeys).toEqual([expect.stringMatching(new RegExp(`^audit-anchors/${ledgerId}/0000000000000005-`))]);
      // The five records and the start's own audit.anchored (seq 6).
      expect(await keysUnder(bucket, "audit-records/")).toEqual([`audit-records/${ledgerId}/0000000000000001-0000000000000006.jsonl`]);
      for (const key of [anchorKeys[0]!, `audit-records/${ledgerId}/0000000000000001-0000000000000006.jsonl`]) {
        const lockedDays = await lockedDaysOf(bucket, key);
        expect(lockedDays).toBeGreaterThan(2189);
        expect(lockedDays).toBeLessThanOrEqual(2190);
      }
      const [first] = await archive!.sink.readAll();
      expect(first).toMatchObject({ ledgerId, seq: 5, seal: expect.stringMatching(/^hmac-sha256:/) });
      // The start's own audit.anchored record (seq 6), then one more from another process.
      await ledger.append({ actor: "system:sms-bridge", action: "policy.loaded", details: { policyHash: "e".repeat(64) } });
    } finally {
      await archive?.stop();
    }
    const anchors = await new S3AnchorSink({ bucket, retentionDays: 1, client: client() }).readAll();
    expect(anchors.map((a) => a.seq)).toEqual([5, 7]);
    const key = Buffer.alloc(32, 7);
    expect(await ledger.verify({ anchors, anchorKey: key })).toMatchObject({ ok: true, anchorsChecked: 2, anchorsUnauthenticated: 0 });
    // At stop: the last checkpoint (of seq 7), then the records after the first export, its audit.anchored (8) included.
    const recordKeys = await keysUnder(bucket, "audit-records/");
    expect(recordKeys.map((k) => k.slice(k.lastIndexOf("/") + 1))).toEqual(["0000000000000001-0000000000000006.jsonl", "0000000000000007-0000000000000008.jsonl"]);
    // Together the exports are the ledger, record for record, in the faithful JSON Lines export.
    const exported = (await Promise.all(recordKeys.map((k) => objectText(bucket, k)))).join("");
    let ledgerLines = "";
    for await (const r of ledger.records()) ledgerLines += toJsonLine(r);
    expect(exported).toBe(ledgerLines);
    await ledger.close();
  });

  it("exports carry on after the last object in the bucket (a restarted process), in objects of at most recordsPerObject", async () => {
    const bucket = await lockedBucket();
    const ledger = await ledgerWithRecords("resume", 7);
    const ledgerId = await ledger.store.ledgerId();
    const first = new S3RecordExports({ bucket, retentionDays: 2190, recordsPerObject: 3, client: client() });
    expect(await first.exportNew(ledger)).toEqual({ objects: 3, records: 7 });
    expect(await first.exportNew(ledger)).toEqual({ objects: 0, records: 0 });
    first.close();
    await ledger.append({ actor: "@a:x", action: "policy.loaded", details: { policyHash: "f".repeat(64) } });
    const restarted = new S3RecordExports({ bucket, retentionDays: 2190, recordsPerObject: 3, client: client() });
    expect(await restarted.lastExportedSeq(ledgerId)).toBe(7);
    expect(await restarted.exportNew(ledger)).toEqual({ objects: 1, records: 1 });
    restarted.close();
    const names = (await keysUnder(bucket, `audit-records/${ledgerId}/`)).map((k) => k.slice(k.lastIndexOf("/") + 1).replace(/0{10,}/g, ""));
    expect(names).toEqual(["1-3.jsonl", "4-6.jsonl", "7-7.jsonl", "8-8.jsonl"]);
    const newest: string[] = [];
    for await (const r of ledger.records({ fromSeq: 8 })) newest.push(toJsonLine(r));
    expect(await objectText(bucket, `audit-records/${ledgerId}/0000000000000008-0000000000000008.jsonl`)).toBe(newest.join(""));
    await ledger.close();
  });

  it("without the bucket: nothing starts (the local stack anchors into a file itself)", async () => {
    const ledger = await ledgerWithRecords("unset", 1);
    expect(await startAuditArchive(ledger, auditPolicy, { actor: "system:lifecycle", env: {}, client: client() })).toBeUndefined();
    expect((await ledger.head())!.seq).toBe(1);
    await ledger.close();
  });

  it("a key file shorter than 32 bytes stops the start, naming the variable", async () => {
    const short = join(dir, "short.key");
    writeFileSync(short, "too short");
    const ledger = await ledgerWithRecords("short-key", 1);
    const env = { [AUDIT_S3_BUCKET_ENV]: await lockedBucket(), [AUDIT_ANCHOR_KEY_FILE_ENV]: short };
    const start = startAuditArchive(ledger, auditPolicy, { actor: "system:lifecycle", env, client: client() });
    await expect(start).rejects.toThrow(InputError);
    await expect(start).rejects.toThrow(`${AUDIT_ANCHOR_KEY_FILE_ENV}: ${short} must hold at least 32 bytes`);
    await ledger.close();
  });
});
