import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * Building blocks every component uses, so that a bucket or a log group can only be made the
 * hardened way: S3 buckets with public access blocked, owner-enforced objects, default
 * encryption, versioning and a TLS-only policy; log groups with KMS and the audit retention.
 */

export interface SecureBucketArgs {
  /** KMS key for SSE-KMS; absent: SSE-S3 (what ALB access logs require). */
  kmsKeyArn?: pulumi.Input<string>;
  blockPublicAccess: boolean;
  /** Extra statements for services that write to the bucket (CloudTrail, ALB logs). */
  extraStatements?: pulumi.Input<Record<string, unknown>[]>;
  /** Object Lock in compliance mode for this many years (the audit archive). */
  objectLockYears?: number;
  tags: Record<string, string>;
}

export function tlsOnlyStatement(bucketArn: string): Record<string, unknown> {
  return {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
}

export class SecureBucket extends pulumi.ComponentResource {
  readonly bucket: aws.s3.Bucket;

  constructor(name: string, args: SecureBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    super("wardroom:infra:SecureBucket", name, {}, opts);
    const parent = { parent: this };
    this.bucket = new aws.s3.Bucket(
      name,
      { forceDestroy: false, objectLockEnabled: args.objectLockYears !== undefined, tags: args.tags },
      { parent: this, protect: true },
    );
    new aws.s3.BucketOwnershipControls(`${name}-ownership`, { bucket: this.bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, parent);
    new aws.s3.BucketPublicAccessBlock(
      `${name}-public-access`,
      {
        bucket: this.bucket.id,
        blockPublicAcls: args.blockPublicAccess,
        blockPublicPolicy: args.blockPublicAccess,
        ignorePublicAcls: args.blockPublicAccess,
        restrictPublicBuckets: args.blockPublicAccess,
      },
      parent,
    );
    new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-encryption`,
      {
        bucket: this.bucket.id,
        rules: [
          args.kmsKeyArn
            ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.kmsKeyArn }, bucketKeyEnabled: true }
            : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
        ],
      },
      parent,
    );
    new aws.s3.BucketVersioning(`${name}-versioning`, { bucket: this.bucket.id, versioningConfiguration: { status: "Enabled" } }, parent);
    if (args.objectLockYears !== undefined) {
      new aws.s3.BucketObjectLockConfiguration(
        `${name}-object-lock`,
        { bucket: this.bucket.id, objectLockEnabled: "Enabled", rule: { defaultRetention: { mode: "COMPLIANCE", years: args.objectLockYears } } },
        parent,
      );
    }
    new aws.s3.BucketPolicy(
      `${name}-policy`,
      {
        bucket: this.bucket.id,
        policy: pulumi
          .all([this.bucket.arn, args.extraStatements ?? []])
          .apply(([arn, extra]) => JSON.stringify({ Version: "2012-10-17", Statement: [tlsOnlyStatement(arn), ...extra] })),
      },
      parent,
    );
    this.registerOutputs({ bucket: this.bucket.bucket });
  }
}

export interface AuditLogGroupArgs {
  kmsKeyArn: pulumi.Input<string>;
  retentionDays: number;
  tags: Record<string, string>;
  /** A fixed name (WAF requires the aws-waf-logs- prefix). */
  name?: string;
}

export function auditLogGroup(name: string, args: AuditLogGroupArgs, opts: pulumi.CustomResourceOptions): aws.cloudwatch.LogGroup {
  return new aws.cloudwatch.LogGroup(
    name,
    { ...(args.name ? { name: args.name } : {}), retentionInDays: args.retentionDays, kmsKeyId: args.kmsKeyArn, tags: args.tags },
    opts,
  );
}
