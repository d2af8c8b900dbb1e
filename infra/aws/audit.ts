import { readFileSync } from "node:fs";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { auditLogGroup, SecureBucket } from "./storage.ts";

export interface AuditArgs {
  accountId: pulumi.Input<string>;
  region: pulumi.Input<string>;
  auditKeyArn: pulumi.Input<string>;
  logsKeyArn: pulumi.Input<string>;
  dataKeyArn: pulumi.Input<string>;
  logRetentionDays: number;
  archiveRetentionYears: number;
  conformancePackTemplateFile?: string;
  tags: Record<string, string>;
}

/**
 * A conformance pack of AWS managed Config rules that check the HIPAA-relevant settings this
 * program makes (used when the operator does not supply AWS's full "Operational Best
 * Practices for HIPAA Security" template via audit.conformancePackTemplateFile).
 */
export const HIPAA_CONFIG_RULES = [
  "CLOUD_TRAIL_ENABLED",
  "CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED",
  "CLOUD_TRAIL_ENCRYPTION_ENABLED",
  "CLOUDWATCH_LOG_GROUP_ENCRYPTED",
  "CMK_BACKING_KEY_ROTATION_ENABLED",
  "RDS_STORAGE_ENCRYPTED",
  "RDS_INSTANCE_PUBLIC_ACCESS_CHECK",
  "RDS_MULTI_AZ_SUPPORT",
  "DB_INSTANCE_BACKUP_ENABLED",
  "RDS_INSTANCE_DELETION_PROTECTION_ENABLED",
  "ELASTICACHE_REPL_GRP_ENCRYPTED_AT_REST",
  "ELASTICACHE_REPL_GRP_ENCRYPTED_IN_TRANSIT",
  "S3_BUCKET_SSL_REQUESTS_ONLY",
  "S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED",
  "S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED",
  "S3_BUCKET_VERSIONING_ENABLED",
  "ALB_HTTP_TO_HTTPS_REDIRECTION_CHECK",
  "ALB_HTTP_DROP_INVALID_HEADER_ENABLED",
  "ALB_WAF_ENABLED",
  "ELB_LOGGING_ENABLED",
  "ELB_DELETION_PROTECTION_ENABLED",
  "VPC_FLOW_LOGS_ENABLED",
  "VPC_DEFAULT_SECURITY_GROUP_CLOSED",
  "GUARDDUTY_ENABLED_CENTRALIZED",
  "ECS_TASK_DEFINITION_USER_FOR_HOST_MODE_CHECK",
];

export function conformancePackTemplate(rules: string[] = HIPAA_CONFIG_RULES): string {
  const resources: Record<string, unknown> = {};
  for (const id of rules) {
    const logical = id.toLowerCase().replace(/(^|_)([a-z0-9])/g, (_, _u, c: string) => c.toUpperCase());
    resources[logical] = { Type: "AWS::Config::ConfigRule", Properties: { ConfigRuleName: id.toLowerCase().replace(/_/g, "-"), Source: { Owner: "AWS", SourceIdentifier: id } } };
  }
  return JSON.stringify({ Resources: resources });
}

/**
 * Audit controls: CloudTrail (all regions, log file validation, KMS, kept 6 years), GuardDuty,
 * AWS Config with the HIPAA conformance pack, AWS Backup (daily for 35 days, monthly for 6
 * years, in a locked vault), and the audit archive: a bucket with Object Lock in compliance
 * mode that receives the ledger's checkpoints and exports.
 */
export class Audit extends pulumi.ComponentResource {
  readonly archiveBucket: aws.s3.Bucket;
  readonly trail: aws.cloudtrail.Trail;

  constructor(name: string, args: AuditArgs, opts?: pulumi.ComponentResourceOptions) {
    super("wardroom:infra:Audit", name, {}, opts);
    const parent = { parent: this };
    const tags = args.tags;

    this.archiveBucket = new SecureBucket(
      `${name}-archive`,
      { kmsKeyArn: args.auditKeyArn, blockPublicAccess: true, objectLockYears: args.archiveRetentionYears, tags: { ...tags, "wardroom:purpose": "audit-archive" } },
      parent,
    ).bucket;

    const trailName = `wardroom-${pulumi.getStack()}`;
    const trailArn = pulumi.interpolate`arn:aws:cloudtrail:${args.region}:${args.accountId}:trail/${trailName}`;
    const trailBucket = new SecureBucket(
      `${name}-trail`,
      {
        kmsKeyArn: args.auditKeyArn,
        blockPublicAccess: true,
        objectLockYears: args.archiveRetentionYears,
        extraStatements: pulumi.all([trailArn, args.accountId]).apply(([arn, account]) => [
          { Sid: "CloudTrailAclCheck", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "s3:GetBucketAcl", Resource: "arn:aws:s3:::*", Condition: { StringEquals: { "aws:SourceArn": arn } } },
          {
            Sid: "CloudTrailWrite",
            Effect: "Allow",
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: `arn:aws:s3:::*/AWSLogs/${account}/*`,
            Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": arn } },
          },
        ]),
        tags: { ...tags, "wardroom:purpose": "cloudtrail" },
      },
      parent,
    );
    const trailLogs = auditLogGroup(`${name}-cloudtrail`, { kmsKeyArn: args.logsKeyArn, retentionDays: args.logRetentionDays, tags }, parent);
    const trailRole = new aws.iam.Role(
      `${name}-cloudtrail`,
      { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "sts:AssumeRole" }] }), tags },
      parent,
    );
    new aws.iam.RolePolicy(
      `${name}-cloudtrail`,
      { role: trailRole.id, policy: trailLogs.arn.apply((arn) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${arn}:*` }] })) },
      parent,
    );
    this.trail = new aws.cloudtrail.Trail(
      `${name}-trail`,
      {
        name: trailName,
        s3BucketName: trailBucket.bucket.bucket,
        isMultiRegionTrail: true,
        includeGlobalServiceEvents: true,
        enableLogFileValidation: true,
        kmsKeyId: args.auditKeyArn,
        cloudWatchLogsGroupArn: pulumi.interpolate`${trailLogs.arn}:*`,
        cloudWatchLogsRoleArn: trailRole.arn,
        eventSelectors: [{ readWriteType: "All", includeManagementEvents: true, dataResources: [{ type: "AWS::S3::Object", values: [pulumi.interpolate`${this.archiveBucket.arn}/`] }] }],
        tags,
      },
      parent,
    );

    new aws.guardduty.Detector(`${name}-guardduty`, { enable: true, findingPublishingFrequency: "FIFTEEN_MINUTES", tags }, parent);

    const configBucket = new SecureBucket(
      `${name}-config`,
      {
        kmsKeyArn: args.auditKeyArn,
        blockPublicAccess: true,
        extraStatements: pulumi.output(args.accountId).apply((account) => [
          { Sid: "ConfigAclCheck", Effect: "Allow", Principal: { Service: "config.amazonaws.com" }, Action: ["s3:GetBucketAcl", "s3:ListBucket"], Resource: "arn:aws:s3:::*", Condition: { StringEquals: { "AWS:SourceAccount": account } } },
          { Sid: "ConfigWrite", Effect: "Allow", Principal: { Service: "config.amazonaws.com" }, Action: "s3:PutObject", Resource: `arn:aws:s3:::*/AWSLogs/${account}/Config/*`, Condition: { StringEquals: { "AWS:SourceAccount": account, "s3:x-amz-acl": "bucket-owner-full-control" } } },
        ]),
        tags: { ...tags, "wardroom:purpose": "aws-config" },
      },
      parent,
    );
    const configRole = new aws.iam.Role(
      `${name}-config`,
      {
        assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "config.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
        managedPolicyArns: ["arn:aws:iam::aws:policy/service-role/AWS_ConfigRole"],
        tags,
      },
      parent,
    );
    const recorder = new aws.cfg.Recorder(`${name}-config`, { roleArn: configRole.arn, recordingGroup: { allSupported: true, includeGlobalResourceTypes: true } }, parent);
    const channel = new aws.cfg.DeliveryChannel(`${name}-config`, { s3BucketName: configBucket.bucket.bucket, s3KmsKeyArn: args.auditKeyArn, snapshotDeliveryProperties: { deliveryFrequency: "TwentyFour_Hours" } }, { parent: this, dependsOn: [recorder] });
    const status = new aws.cfg.RecorderStatus(`${name}-config`, { name: recorder.name, isEnabled: true }, { parent: this, dependsOn: [channel] });
    new aws.cfg.ConformancePack(
      `${name}-hipaa`,
      { name: `wardroom-hipaa-${pulumi.getStack()}`, templateBody: args.conformancePackTemplateFile ? readFileSync(args.conformancePackTemplateFile, "utf8") : conformancePackTemplate() },
      { parent: this, dependsOn: [status] },
    );

    const vault = new aws.backup.Vault(`${name}-vault`, { kmsKeyArn: args.dataKeyArn, tags }, parent);
    const sixYears = args.archiveRetentionYears * 366;
    new aws.backup.VaultLockConfiguration(`${name}-vault-lock`, { backupVaultName: vault.name, minRetentionDays: 35, maxRetentionDays: sixYears + 31, changeableForDays: 3 }, parent);
    const plan = new aws.backup.Plan(
      `${name}-plan`,
      {
        rules: [
          { ruleName: "daily-35-days", targetVaultName: vault.name, schedule: "cron(0 5 * * ? *)", startWindow: 60, completionWindow: 360, lifecycle: { deleteAfter: 35 } },
          { ruleName: "monthly-6-years", targetVaultName: vault.name, schedule: "cron(0 6 1 * ? *)", startWindow: 60, completionWindow: 720, lifecycle: { coldStorageAfter: 90, deleteAfter: sixYears } },
        ],
        tags,
      },
      parent,
    );
    const backupRole = new aws.iam.Role(
      `${name}-backup`,
      {
        assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "backup.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
        managedPolicyArns: [
          "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
          "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
          "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup",
          "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore",
        ],
        tags,
      },
      parent,
    );
    // Everything tagged for backup: the database and the media bucket.
    new aws.backup.Selection(`${name}-selection`, { planId: plan.id, iamRoleArn: backupRole.arn, resources: ["*"], selectionTags: [{ type: "STRINGEQUALS", key: "wardroom:backup", value: "daily" }] }, parent);

    this.registerOutputs({ archiveBucket: this.archiveBucket.bucket, trail: this.trail.arn });
  }
}
