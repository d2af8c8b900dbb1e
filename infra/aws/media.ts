import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SecureBucket } from "./storage.ts";

export interface MediaArgs {
  dataKeyArn: pulumi.Input<string>;
  blockPublicAccess: boolean;
  tags: Record<string, string>;
}

/**
 * The media store: an S3 bucket Synapse's media repository writes through
 * synapse-s3-storage-provider (SSE-KMS by the bucket's default, versioned, TLS only, never public).
 */
export class Media extends pulumi.ComponentResource {
  readonly bucket: aws.s3.Bucket;

  constructor(name: string, args: MediaArgs, opts?: pulumi.ComponentResourceOptions) {
    super("wardroom:infra:Media", name, {}, opts);
    const secure = new SecureBucket(`${name}-bucket`, { kmsKeyArn: args.dataKeyArn, blockPublicAccess: args.blockPublicAccess, tags: { ...args.tags, "wardroom:purpose": "media", "wardroom:backup": "daily" } }, { parent: this });
    this.bucket = secure.bucket;
    // Old versions of replaced or deleted media go after the longest room retention plus backups.
    new aws.s3.BucketLifecycleConfiguration(
      `${name}-lifecycle`,
      {
        bucket: this.bucket.id,
        rules: [
          { id: "abort-incomplete-uploads", status: "Enabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 2 } },
          { id: "expire-noncurrent", status: "Enabled", filter: {}, noncurrentVersionExpiration: { noncurrentDays: 35 } },
        ],
      },
      { parent: this },
    );
    this.registerOutputs({ bucket: this.bucket.bucket });
  }
}
