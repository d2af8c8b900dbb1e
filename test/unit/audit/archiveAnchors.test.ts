import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateBucketCommand, HeadObjectCommand, ListObjectVersionsCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../../core/errors.ts";
import { AUDIT_ANCHOR_KEY_FILE_ENV, AUDIT_S3_BUCKET_ENV, openAuditLedger, S3AnchorSink, startArchiveAnchors } from "../../../runtime/audit/index.ts";
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

describe("checkpoints into the audit archive bucket ($WARDROOM_AUDIT_S3_BUCKET, moto's S3 with Object Lock)", () => {
  it("with the bucket set: a sealed checkpoint at start, locked in compliance mode for the retention, another at stop", async () => {
    const bucket = await lockedBucket();
    const keyFile = join(dir, "anchor.key");
    writeFileSync(keyFile, Buffer.alloc(32, 7));
    const ledger = await ledgerWithRecords("sealed", 5);
    const env = { [AUDIT_S3_BUCKET_ENV]: bucket, [AUDIT_ANCHOR_KEY_FILE_ENV]: keyFile };
    const archive = await startArchiveAnchors(ledger, auditPolicy, { actor: "system:lifecycle", env, client: client() });
    try {
      expect(archive).toBeDefined();
      const ledgerId = await ledger.store.ledgerId();
      const listed = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
      expect(listed.Versions!.map((v) => v.Key)).toEqual([expect.stringMatching(new RegExp(`^audit-anchors/${ledgerId}/0000000000000005-`))]);
      const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: listed.Versions![0]!.Key! }));
      expect(head.ObjectLockMode).toBe("COMPLIANCE");
      const lockedDays = (head.ObjectLockRetainUntilDate!.getTime() - Date.now()) / DAY_MS;
      expect(lockedDays).toBeGreaterThan(2189);
      expect(lockedDays).toBeLessThanOrEqual(2190);
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
    await ledger.close();
  });

  it("without the bucket: nothing starts (the local stack anchors into a file itself)", async () => {
    const ledger = await ledgerWithRecords("unset", 1);
    expect(await startArchiveAnchors(ledger, auditPolicy, { actor: "system:lifecycle", env: {}, client: client() })).toBeUndefined();
    expect((await ledger.head())!.seq).toBe(1);
    await ledger.close();
  });

  it("a key file shorter than 32 bytes stops the start, naming the variable", async () => {
    const short = join(dir, "short.key");
    writeFileSync(short, "too short");
    const ledger = await ledgerWithRecords("short-key", 1);
    const env = { [AUDIT_S3_BUCKET_ENV]: await lockedBucket(), [AUDIT_ANCHOR_KEY_FILE_ENV]: short };
    const start = startArchiveAnchors(ledger, auditPolicy, { actor: "system:lifecycle", env, client: client() });
    await expect(start).rejects.toThrow(InputError);
    await expect(start).rejects.toThrow(`${AUDIT_ANCHOR_KEY_FILE_ENV}: ${short} must hold at least 32 bytes`);
    await ledger.close();
  });
});
