import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sealAnchor } from "../../../core/audit/index.ts";
import { openAuditLedger, S3AnchorSink } from "../../../runtime/audit/index.ts";
import { startMoto, type Moto } from "../../fakes/moto.ts";
import { dropAuditGuards, backends } from "./backends.ts";

const credentials = { accessKeyId: "testing", secretAccessKey: "testing" };
let moto: Moto;
let s3: S3Client;
const dirs: string[] = [];
let bucketCounter = 0;

beforeAll(async () => {
  moto = await startMoto();
  s3 = new S3Client({ region: "us-east-1", endpoint: moto.url, forcePathStyle: true, credentials });
}, 300_000);
afterAll(async () => {
  s3?.destroy();
  await moto?.stop();
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
  await backends[0]!.cleanup();
});

async function lockedBucket(): Promise<string> {
  const bucket = `wardroom-anchors-${process.pid}-${bucketCounter++}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: true }));
  return bucket;
}

function sinkFor(bucket: string): S3AnchorSink {
  return new S3AnchorSink({ bucket, retentionDays: 2190, client: { region: "us-east-1", endpoint: moto.url, forcePathStyle: true, credentials } });
}

const anchor = (seq: number, hash = "a".repeat(64)) =>
  sealAnchor({ ledgerId: "ledger-1", seq, hash, recordTs: "2026-01-01T00:00:00.000Z", anchoredAt: `2026-01-01T00:00:0${seq % 10}.000Z` });

describe("S3 anchor sink (moto's S3 server, Object Lock in compliance mode)", () => {
  it("writes each checkpoint locked in compliance mode for the audit retention, and reads them back", async () => {
    const bucket = await lockedBucket();
    const sink = sinkFor(bucket);
    await sink.write(anchor(1));
    await sink.write(anchor(2));
    expect((await sink.readAll()).map((a) => a.seq)).toEqual([1, 2]);
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: sink.keyOf(anchor(1)) }));
    expect(head.ObjectLockMode).toBe("COMPLIANCE");
    const years = (head.ObjectLockRetainUntilDate!.getTime() - Date.now()) / (365.25 * 86_400_000);
    expect(years).toBeGreaterThan(5.99);
    sink.close();
  });

  it("refuses to overwrite or delete a locked checkpoint before its retention date", async () => {
    const bucket = await lockedBucket();
    const sink = sinkFor(bucket);
    const original = anchor(3);
    await sink.write(original);
    const key = sink.keyOf(original);
    // The sink never replaces a checkpoint: the conditional write fails.
    await expect(sink.write(original)).rejects.toMatchObject({ $metadata: { httpStatusCode: 412 } });
    const [version] = (await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: key }))).Versions!;
    // Deleting the locked version is refused (compliance mode). (Shortening the lock is
    // refused by AWS too; moto does not emulate that check, so it is not asserted here.)
    await expect(s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: version!.VersionId }))).rejects.toMatchObject({ name: "AccessDenied" });
    // A plain PUT (someone with write access) only adds a version; a delete only adds a marker.
    const forged = anchor(3, "b".repeat(64));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: JSON.stringify(forged) }));
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    const all = await sink.readAll();
    // The original is still there; the forged version is read too, so verify sees it disagree.
    expect(all).toContainEqual(original);
    expect(all.map((a) => a.hash).sort()).toEqual(["a".repeat(64), "b".repeat(64)]);
    sink.close();
  });

  it("verify reads the S3 checkpoints and reports a truncated tail", async () => {
    const sqlite = backends[0]!;
    const dir = mkdtempSync(join(tmpdir(), "wardroom-s3-ledger-"));
    dirs.push(dir);
    const url = `sqlite:${join(dir, "audit.db")}`;
    const ledger = await openAuditLedger({ url });
    const sink = sinkFor(await lockedBucket());
    try {
      for (let i = 0; i < 40; i++) await ledger.append({ actor: "@a:x", action: "policy.loaded", details: { policyHash: String(i % 10).repeat(64) } });
      await ledger.anchor(sink, { actor: "system:test" });
      expect(await ledger.verify({ anchors: await sink.readAll() })).toMatchObject({ ok: true, anchorsChecked: 1 });
      await dropAuditGuards(sqlite, url);
      await sqlite.raw(url, "DELETE FROM audit_records WHERE seq > 30");
      const report = await ledger.verify({ anchors: await sink.readAll() });
      expect(report.problem).toMatchObject({ kind: "truncated" });
      expect(report.problem!.message).toMatch(/^the ledger ends at 30, the last checkpoint says 40: 10 records missing/);
    } finally {
      sink.close();
      await ledger.close();
    }
  });
});
