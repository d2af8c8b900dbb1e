/**
 * The environment the audit archive is configured by, one name each for the process that
 * writes checkpoints (startAuditArchive), `wardroom audit verify` that reads them back, and
 * the AWS program that sets them on the task (infra/aws/apps.ts). No imports: the Pulumi
 * program reads these names without loading the AWS SDK.
 */

/** The audit archive bucket (S3 Object Lock) the ledger's checkpoints go to. */
export const AUDIT_S3_BUCKET_ENV = "WARDROOM_AUDIT_S3_BUCKET";
/** The file holding the HMAC key the checkpoints are sealed with. */
export const AUDIT_ANCHOR_KEY_FILE_ENV = "WARDROOM_AUDIT_ANCHOR_KEY_FILE";
