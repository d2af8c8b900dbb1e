import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { validateResourceOfType, type ResourceValidation, type ResourceValidationPolicy } from "@pulumi/policy";

/**
 * Wardroom's HIPAA guardrails for the AWS resources, as CrossGuard policies. Every policy is
 * mandatory: a violation stops `pulumi preview/up --policy-pack policies/guardrails`.
 * They are small factories over validateResourceOfType so each check is one readable
 * function; the tests call them directly with resource inputs.
 */

/** Six years, in days (HIPAA documentation retention, 45 CFR 164.316(b)(2)). */
export const SIX_YEARS_DAYS = 2192;
/** ALB policies that allow only TLS 1.2 and 1.3. */
export const ALLOWED_SSL_POLICIES = ["ELBSecurityPolicy-TLS13-1-2-2021-06", "ELBSecurityPolicy-TLS13-1-2-Res-2021-06", "ELBSecurityPolicy-TLS13-1-3-2021-06", "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04", "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04"];

type Check<P> = (props: P) => string | string[] | undefined;

/** One resource type's check, reporting each violation `check` returns. */
export function checkOf<TResource extends pulumi.Resource, TArgs>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  resourceClass: { new (name: string, args: TArgs, ...rest: any[]): TResource },
  check: Check<pulumi.Unwrap<NonNullable<TArgs>>>,
): ResourceValidation {
  return validateResourceOfType(resourceClass, (props, _args, report) => {
    const out = check(props);
    for (const v of out === undefined ? [] : Array.isArray(out) ? out : [out]) report(v);
  });
}

/** A mandatory policy over one resource type: `check` returns the violations (none: passes). */
export function resourcePolicy<TResource extends pulumi.Resource, TArgs>(
  name: string,
  description: string,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  resourceClass: { new (name: string, args: TArgs, ...rest: any[]): TResource },
  check: Check<pulumi.Unwrap<NonNullable<TArgs>>>,
): ResourceValidationPolicy {
  return { name, description, enforcementLevel: "mandatory", validateResource: checkOf(resourceClass, check) };
}

/**
 * A mandatory policy over several resource types that express the same thing (a security
 * group's inline rules and the standalone rule resources): the engine runs each check whose
 * type matches.
 */
export function resourcesPolicy(name: string, description: string, checks: ResourceValidation[]): ResourceValidationPolicy {
  return { name, description, enforcementLevel: "mandatory", validateResource: checks };
}

const violations = (...items: (string | false | undefined)[]): string[] => items.filter((x): x is string => typeof x === "string");

function parseJson(text: unknown): Record<string, unknown> | undefined {
  if (typeof text !== "string") return typeof text === "object" && text !== null ? (text as Record<string, unknown>) : undefined;
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

export const rdsEncrypted = resourcePolicy("rds-encrypted-at-rest", "RDS instances are encrypted at rest with a KMS key.", aws.rds.Instance, (db) =>
  violations(db.storageEncrypted !== true && "storageEncrypted must be true", !db.kmsKeyId && "kmsKeyId must name a customer-managed KMS key"),
);

export const rdsNotPublic = resourcePolicy("rds-not-public", "RDS instances are never publicly accessible.", aws.rds.Instance, (db) =>
  db.publiclyAccessible === true ? "publiclyAccessible must be false" : undefined,
);

export const rdsBackupsAndProtection = resourcePolicy(
  "rds-backups-and-deletion-protection",
  "RDS instances keep 35 days of backups, have deletion protection, and take a final snapshot.",
  aws.rds.Instance,
  (db) =>
    violations(
      (db.backupRetentionPeriod ?? 0) < 35 && `backupRetentionPeriod must be 35 days (is ${db.backupRetentionPeriod ?? 0})`,
      db.deletionProtection !== true && "deletionProtection must be true",
      db.skipFinalSnapshot === true && "skipFinalSnapshot must be false",
    ),
);

export const cacheEncrypted = resourcePolicy(
  "elasticache-encrypted",
  "ElastiCache replication groups encrypt at rest and in transit and require AUTH.",
  aws.elasticache.ReplicationGroup,
  (rg) =>
    violations(
      rg.atRestEncryptionEnabled !== true && "atRestEncryptionEnabled must be true",
      rg.transitEncryptionEnabled !== true && "transitEncryptionEnabled must be true",
      !rg.authToken && !(rg.userGroupIds && rg.userGroupIds.length) && "an AUTH token (authToken) or RBAC user groups are required",
    ),
);

export const logGroupRetentionAndKms = resourcePolicy(
  "log-group-six-years-kms",
  "CloudWatch log groups are encrypted with KMS and kept at least six years.",
  aws.cloudwatch.LogGroup,
  (g) =>
    violations(
      !g.kmsKeyId && "kmsKeyId must be set",
      // 0 (or absent) means never expire, which keeps logs at least six years.
      g.retentionInDays !== undefined && g.retentionInDays !== 0 && g.retentionInDays < SIX_YEARS_DAYS && `retentionInDays must be at least ${SIX_YEARS_DAYS} (is ${g.retentionInDays})`,
    ),
);

export const s3Encrypted = resourcePolicy(
  "s3-encrypted-at-rest",
  "S3 default encryption is SSE-KMS (or SSE-S3 where a service requires it).",
  aws.s3.BucketServerSideEncryptionConfiguration,
  (c) => {
    const algos = (c.rules ?? []).map((r) => r.applyServerSideEncryptionByDefault?.sseAlgorithm);
    return algos.length > 0 && algos.every((a) => a === "aws:kms" || a === "aws:kms:dsse" || a === "AES256") ? undefined : "every rule must set sseAlgorithm aws:kms or AES256";
  },
);

export const s3PublicAccessBlocked = resourcePolicy("s3-no-public-buckets", "S3 buckets block every kind of public access.", aws.s3.BucketPublicAccessBlock, (b) =>
  violations(
    ...(["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const).map((k) => b[k] !== true && `${k} must be true`),
  ),
);

export const s3TlsOnly = resourcePolicy("s3-tls-only", "S3 bucket policies deny requests that do not use TLS.", aws.s3.BucketPolicy, (p) => {
  const doc = parseJson(p.policy);
  const statements = (doc?.Statement ?? []) as Record<string, unknown>[];
  const denies = statements.some((s) => {
    const cond = s.Condition as Record<string, Record<string, unknown>> | undefined;
    return s.Effect === "Deny" && s.Principal === "*" && String(cond?.Bool?.["aws:SecureTransport"]) === "false";
  });
  const publicAllow = statements.some((s) => s.Effect === "Allow" && (s.Principal === "*" || (s.Principal as Record<string, unknown> | undefined)?.AWS === "*"));
  return violations(!denies && "the policy must deny aws:SecureTransport=false for every principal", publicAllow && "the policy must not allow every principal");
});

export const s3AuditObjectLock = resourcePolicy(
  "audit-archive-object-lock",
  "Object Lock configurations are in compliance mode for at least six years.",
  aws.s3.BucketObjectLockConfiguration,
  (c) => {
    const r = c.rule?.defaultRetention;
    const days = (r?.years ?? 0) * 365 + (r?.days ?? 0);
    return violations(r?.mode !== "COMPLIANCE" && "defaultRetention.mode must be COMPLIANCE", days < 6 * 365 && "defaultRetention must be at least 6 years");
  },
);

export const lbListenerTls = resourcePolicy("lb-tls-only-listeners", "Load balancer listeners use TLS 1.2+ or only redirect to HTTPS.", aws.lb.Listener, (l) => {
  if (l.protocol === "HTTPS" || l.protocol === "TLS") {
    return ALLOWED_SSL_POLICIES.includes(l.sslPolicy ?? "") ? undefined : `sslPolicy ${l.sslPolicy ?? "(default)"} allows TLS below 1.2; use one of ${ALLOWED_SSL_POLICIES.join(", ")}`;
  }
  const actions = l.defaultActions ?? [];
  const redirects = actions.length > 0 && actions.every((a) => a.type === "redirect" && a.redirect?.protocol === "HTTPS");
  return redirects ? undefined : `a ${l.protocol ?? "HTTP"} listener may only redirect to HTTPS`;
});

export const lbHardened = resourcePolicy(
  "lb-hardened",
  "Load balancers drop invalid headers, keep access logs and have deletion protection.",
  aws.lb.LoadBalancer,
  (lb) =>
    violations(
      lb.loadBalancerType !== "network" && lb.dropInvalidHeaderFields !== true && "dropInvalidHeaderFields must be true",
      lb.accessLogs?.enabled !== true && "accessLogs must be enabled",
      lb.enableDeletionProtection !== true && "enableDeletionProtection must be true",
    ),
);

export const lbTargetsTls = resourcePolicy("lb-tls-to-targets", "Target groups speak TLS to the tasks.", aws.lb.TargetGroup, (tg) =>
  tg.protocol === "HTTPS" || tg.protocol === "TLS" ? undefined : `protocol must be HTTPS (is ${tg.protocol ?? "unset"})`,
);

export const ecsNoPublicIp = resourcePolicy("ecs-no-public-ip", "ECS services never give tasks public IPs.", aws.ecs.Service, (s) =>
  s.networkConfiguration?.assignPublicIp === true ? "networkConfiguration.assignPublicIp must be false" : undefined,
);

export const kmsRotation = resourcePolicy("kms-rotation", "KMS keys rotate automatically.", aws.kms.Key, (k) => (k.enableKeyRotation === true ? undefined : "enableKeyRotation must be true"));

export const cloudTrailSecure = resourcePolicy("cloudtrail-secure", "CloudTrail is multi-region, validates log files and encrypts with KMS.", aws.cloudtrail.Trail, (t) =>
  violations(t.isMultiRegionTrail !== true && "isMultiRegionTrail must be true", t.enableLogFileValidation !== true && "enableLogFileValidation must be true", !t.kmsKeyId && "kmsKeyId must be set"),
);

export const snsEncrypted = resourcePolicy("sns-encrypted", "SNS topics (inbound SMS) are encrypted with KMS.", aws.sns.Topic, (t) => (t.kmsMasterKeyId ? undefined : "kmsMasterKeyId must be set"));

export const secretsEncrypted = resourcePolicy("secrets-kms", "Secrets Manager secrets use a customer-managed KMS key.", aws.secretsmanager.Secret, (s) => (s.kmsKeyId ? undefined : "kmsKeyId must be set"));

export const auditBucketObjectLock = resourcePolicy(
  "audit-bucket-object-lock-enabled",
  "The audit archive bucket (tag wardroom:purpose=audit-archive) is created with Object Lock.",
  aws.s3.Bucket,
  (b) => ((b.tags as Record<string, string> | undefined)?.["wardroom:purpose"] === "audit-archive" && b.objectLockEnabled !== true ? "objectLockEnabled must be true on the audit archive bucket" : undefined),
);

export const efsEncrypted = resourcePolicy("efs-encrypted-at-rest", "EFS file systems (app state such as wipe journals) are encrypted at rest with a KMS key.", aws.efs.FileSystem, (fs) =>
  violations(fs.encrypted !== true && "encrypted must be true", !fs.kmsKeyId && "kmsKeyId must name a customer-managed KMS key"),
);

export const backupVaultKms = resourcePolicy("backup-vault-kms", "AWS Backup vaults encrypt recovery points with a customer-managed KMS key.", aws.backup.Vault, (v) =>
  !v.kmsKeyArn ? "kmsKeyArn must name a customer-managed KMS key" : /:alias\/aws\//.test(v.kmsKeyArn) ? `kmsKeyArn ${v.kmsKeyArn} is an AWS-managed key; use a customer-managed one` : undefined,
);

export const cacheBackups = resourcePolicy("elasticache-backups", "ElastiCache replication groups keep automatic snapshots (snapshotRetentionLimit above 0).", aws.elasticache.ReplicationGroup, (rg) =>
  (rg.snapshotRetentionLimit ?? 0) > 0 ? undefined : `snapshotRetentionLimit must be at least 1 day (is ${rg.snapshotRetentionLimit ?? 0}: no backups)`,
);

/** Any address on the internet, IPv4 and IPv6. */
const OPEN_CIDRS = ["0.0.0.0/0", "::/0"];
/** The one security group the internet may reach, and only on these ports (HTTPS, and HTTP that redirects). */
export const PUBLIC_LB_PURPOSE = "public-load-balancer";
const PUBLIC_PORTS = [80, 443];
const openTo = (...cidrs: (readonly string[] | string | undefined)[]): string[] => cidrs.flat().filter((c): c is string => typeof c === "string" && OPEN_CIDRS.includes(c));

export const noOpenIngress = resourcesPolicy(
  "no-open-ingress",
  `No security group admits the internet (0.0.0.0/0, ::/0), except the public load balancer's (tag wardroom:purpose=${PUBLIC_LB_PURPOSE}) on TCP 80 and 443.`,
  [
    checkOf(aws.ec2.SecurityGroup, (sg) => {
      const publicLb = (sg.tags as Record<string, string> | undefined)?.["wardroom:purpose"] === PUBLIC_LB_PURPOSE;
      return (sg.ingress ?? []).flatMap((r) => {
        const open = openTo(r.cidrBlocks, r.ipv6CidrBlocks);
        if (open.length === 0) return [];
        const ports = r.fromPort === r.toPort ? `port ${r.fromPort}` : `ports ${r.fromPort}-${r.toPort}`;
        if (!publicLb) return [`ingress from ${open.join(", ")} (${r.protocol} ${ports}): only the public load balancer's group may admit the internet`];
        const allowed = r.protocol === "tcp" && r.fromPort === r.toPort && PUBLIC_PORTS.includes(r.fromPort);
        return allowed ? [] : [`ingress from ${open.join(", ")} (${r.protocol} ${ports}): the public load balancer admits the internet on TCP 80 and 443 only`];
      });
    }),
    // Standalone rules never open a group to the internet: that is kept to the public load
    // balancer's inline rules, where the group's purpose tag is in view.
    checkOf(aws.vpc.SecurityGroupIngressRule, (r) => {
      const open = openTo(r.cidrIpv4, r.cidrIpv6);
      return open.length ? `ingress from ${open.join(", ")}: standalone rules may not admit the internet` : undefined;
    }),
    checkOf(aws.ec2.SecurityGroupRule, (r) => {
      const open = r.type === "ingress" ? openTo(r.cidrBlocks, r.ipv6CidrBlocks) : [];
      return open.length ? `ingress from ${open.join(", ")}: standalone rules may not admit the internet` : undefined;
    }),
  ],
);

/** The pack, in one list (policies/guardrails/index.ts serves it; the tests run it). */
export const guardrailPolicies: ResourceValidationPolicy[] = [
  rdsEncrypted,
  rdsNotPublic,
  rdsBackupsAndProtection,
  cacheEncrypted,
  logGroupRetentionAndKms,
  s3Encrypted,
  s3PublicAccessBlocked,
  s3TlsOnly,
  s3AuditObjectLock,
  lbListenerTls,
  lbHardened,
  lbTargetsTls,
  ecsNoPublicIp,
  kmsRotation,
  cloudTrailSecure,
  snsEncrypted,
  secretsEncrypted,
  auditBucketObjectLock,
  efsEncrypted,
  backupVaultKms,
  cacheBackups,
  noOpenIngress,
];
