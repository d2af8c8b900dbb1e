import { describe, expect, it } from "vitest";
import * as p from "../../../policies/guardrails/policies.ts";
import { runPolicy, violationsOf } from "./policyHarness.ts";

/** Each policy: a passing resource, then one field changed per case to show each violation. */
const T = {
  rds: "aws:rds/instance:Instance",
  redis: "aws:elasticache/replicationGroup:ReplicationGroup",
  logs: "aws:cloudwatch/logGroup:LogGroup",
  sse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  pab: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  bpol: "aws:s3/bucketPolicy:BucketPolicy",
  lock: "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
  bucket: "aws:s3/bucket:Bucket",
  listener: "aws:lb/listener:Listener",
  lb: "aws:lb/loadBalancer:LoadBalancer",
  tg: "aws:lb/targetGroup:TargetGroup",
  svc: "aws:ecs/service:Service",
  key: "aws:kms/key:Key",
  trail: "aws:cloudtrail/trail:Trail",
  topic: "aws:sns/topic:Topic",
  secret: "aws:secretsmanager/secret:Secret",
};

const goodDb = { storageEncrypted: true, kmsKeyId: "arn:k", publiclyAccessible: false, backupRetentionPeriod: 35, deletionProtection: true, skipFinalSnapshot: false };
const tlsPolicy = JSON.stringify({ Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } }] });

const cases: [policy: (typeof p.guardrailPolicies)[number], type: string, good: Record<string, unknown>, bad: [what: string, change: Record<string, unknown>, message: RegExp][]][] = [
  [p.rdsEncrypted, T.rds, goodDb, [["unencrypted", { storageEncrypted: false }, /storageEncrypted/], ["no KMS key", { kmsKeyId: undefined }, /kmsKeyId/]]],
  [p.rdsNotPublic, T.rds, goodDb, [["public", { publiclyAccessible: true }, /publiclyAccessible/]]],
  [
    p.rdsBackupsAndProtection,
    T.rds,
    goodDb,
    [
      ["7-day backups", { backupRetentionPeriod: 7 }, /backupRetentionPeriod must be 35/],
      ["no deletion protection", { deletionProtection: false }, /deletionProtection/],
      ["no final snapshot", { skipFinalSnapshot: true }, /skipFinalSnapshot/],
    ],
  ],
  [
    p.cacheEncrypted,
    T.redis,
    { atRestEncryptionEnabled: true, transitEncryptionEnabled: true, authToken: "t".repeat(32) },
    [["plaintext transit", { transitEncryptionEnabled: false }, /transit/], ["unencrypted at rest", { atRestEncryptionEnabled: false }, /atRest/], ["no AUTH", { authToken: undefined }, /AUTH/]],
  ],
  [p.logGroupRetentionAndKms, T.logs, { retentionInDays: 2192, kmsKeyId: "arn:k" }, [["30 days", { retentionInDays: 30 }, /at least 2192/], ["no KMS", { kmsKeyId: undefined }, /kmsKeyId/]]],
  [p.s3Encrypted, T.sse, { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "k" } }] }, [["no rules", { rules: [] }, /sseAlgorithm/]]],
  [
    p.s3PublicAccessBlocked,
    T.pab,
    { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
    [["public policy allowed", { blockPublicPolicy: false }, /blockPublicPolicy/], ["public ACLs", { ignorePublicAcls: false }, /ignorePublicAcls/]],
  ],
  [
    p.s3TlsOnly,
    T.bpol,
    { policy: tlsPolicy },
    [
      ["no TLS statement", { policy: JSON.stringify({ Statement: [] }) }, /SecureTransport/],
      ["public read", { policy: JSON.stringify({ Statement: [...JSON.parse(tlsPolicy).Statement, { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*" }] }) }, /every principal/],
    ],
  ],
  [
    p.s3AuditObjectLock,
    T.lock,
    { rule: { defaultRetention: { mode: "COMPLIANCE", years: 6 } } },
    [["governance mode", { rule: { defaultRetention: { mode: "GOVERNANCE", years: 6 } } }, /COMPLIANCE/], ["one year", { rule: { defaultRetention: { mode: "COMPLIANCE", years: 1 } } }, /6 years/]],
  ],
  [p.auditBucketObjectLock, T.bucket, { objectLockEnabled: true, tags: { "wardroom:purpose": "audit-archive" } }, [["no object lock", { objectLockEnabled: false }, /objectLockEnabled/]]],
  [
    p.lbListenerTls,
    T.listener,
    { protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" },
    [
      ["TLS 1.0 policy", { sslPolicy: "ELBSecurityPolicy-TLS-1-0-2015-04" }, /allows TLS below 1.2/],
      ["plain HTTP forward", { protocol: "HTTP", defaultActions: [{ type: "forward", targetGroupArn: "x" }] }, /may only redirect/],
    ],
  ],
  [
    p.lbHardened,
    T.lb,
    { loadBalancerType: "application", dropInvalidHeaderFields: true, accessLogs: { enabled: true, bucket: "b" }, enableDeletionProtection: true },
    [["keeps invalid headers", { dropInvalidHeaderFields: false }, /dropInvalidHeaderFields/], ["no access logs", { accessLogs: undefined }, /accessLogs/], ["deletable", { enableDeletionProtection: false }, /DeletionProtection/]],
  ],
  [p.lbTargetsTls, T.tg, { protocol: "HTTPS" }, [["plain HTTP to tasks", { protocol: "HTTP" }, /HTTPS/]]],
  [p.ecsNoPublicIp, T.svc, { networkConfiguration: { assignPublicIp: false, subnets: ["s"] } }, [["public IP", { networkConfiguration: { assignPublicIp: true, subnets: ["s"] } }, /assignPublicIp/]]],
  [p.kmsRotation, T.key, { enableKeyRotation: true }, [["no rotation", { enableKeyRotation: false }, /enableKeyRotation/]]],
  [p.cloudTrailSecure, T.trail, { isMultiRegionTrail: true, enableLogFileValidation: true, kmsKeyId: "k" }, [["one region", { isMultiRegionTrail: false }, /isMultiRegionTrail/], ["no validation", { enableLogFileValidation: false }, /enableLogFileValidation/]]],
  [p.snsEncrypted, T.topic, { kmsMasterKeyId: "k" }, [["unencrypted topic", { kmsMasterKeyId: undefined }, /kmsMasterKeyId/]]],
  [p.secretsEncrypted, T.secret, { kmsKeyId: "k" }, [["AWS-managed key", { kmsKeyId: undefined }, /kmsKeyId/]]],
  [p.efsEncrypted, "aws:efs/fileSystem:FileSystem", { encrypted: true, kmsKeyId: "k" }, [["unencrypted file system", { encrypted: false }, /encrypted must be true/], ["AWS-managed key", { kmsKeyId: undefined }, /kmsKeyId/]]],
];

describe("the guardrail policies", () => {
  it("are all mandatory and all tested here", () => {
    for (const policy of p.guardrailPolicies) expect(policy.enforcementLevel, policy.name).toBe("mandatory");
    expect(cases.map((c) => c[0].name).sort()).toEqual(p.guardrailPolicies.map((x) => x.name).sort());
  });

  for (const [policy, type, good, bad] of cases) {
    describe(policy.name, () => {
      it("passes a compliant resource", async () => {
        expect(await violationsOf(policy, type, good)).toEqual([]);
      });
      it.each(bad)("refuses: %s", async (_what, change, message) => {
        const v = await violationsOf(policy, type, { ...good, ...change });
        expect(v.join("; ")).toMatch(message);
      });
    });
  }

  it("leaves other resource types alone", async () => {
    expect(await runPolicy(p.rdsEncrypted, { type: T.key, name: "k", props: {} })).toEqual({ applicable: false });
  });

  it("treats log groups that never expire as kept six years", async () => {
    expect(await violationsOf(p.logGroupRetentionAndKms, T.logs, { kmsKeyId: "k", retentionInDays: 0 })).toEqual([]);
  });
});
