import { ListObjectVersionsCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { InputError } from "../../core/errors.ts";

const DAY_MS = 86_400_000;

/**
 * Writes one object of the audit archive: conditional (If-None-Match: *, so an existing key is
 * never replaced) and locked in COMPLIANCE mode until `retentionDays` from `now`, when nobody,
 * the account's root included, can delete that version or shorten its lock.
 */
export async function putLockedObject(s3: S3Client, o: { bucket: string; key: string; body: string; contentType: string; retentionDays: number; now: Date }): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: o.bucket,
      Key: o.key,
      Body: o.body,
      ContentType: o.contentType,
      IfNoneMatch: "*",
      ObjectLockMode: "COMPLIANCE",
      ObjectLockRetainUntilDate: new Date(o.now.getTime() + o.retentionDays * DAY_MS),
      // Object Lock requires an integrity checksum on the upload.
      ChecksumAlgorithm: "SHA256",
    }),
  );
}

/** A bucket name S3 accepts (3 to 63 lowercase letters, digits, dots and hyphens), or bad input naming the bucket. */
export function checkBucketName(bucket: string): void {
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new InputError(`s3 bucket: "${bucket}" is not a valid bucket name`);
}

/** Every version of every object under `prefix`, page by page. */
export async function* objectVersions(s3: S3Client, bucket: string, prefix: string): AsyncGenerator<{ key: string; versionId: string | undefined }> {
  let keyMarker: string | undefined;
  let versionMarker: string | undefined;
  for (;;) {
    const page = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: prefix, KeyMarker: keyMarker, VersionIdMarker: versionMarker }));
    for (const v of page.Versions ?? []) if (v.Key) yield { key: v.Key, versionId: v.VersionId };
    if (!page.IsTruncated) return;
    keyMarker = page.NextKeyMarker;
    versionMarker = page.NextVersionIdMarker;
  }
}
