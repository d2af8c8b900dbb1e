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
  sg: "aws:ec2/securityGroup:SecurityGroup",
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
  [p.backupVaultKms, "aws:backup/vault:Vault", { kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/k" }, [["default encryption", { kmsKeyArn: undefined }, /kmsKeyArn must name a customer-managed KMS key/], ["AWS-managed key", { kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:alias/aws/backup" }, /AWS-managed key/]]],
  [p.cacheBackups, T.redis, { snapshotRetentionLimit: 7 }, [["no snapshots", { snapshotRetentionLimit: 0 }, /snapshotRetentionLimit must be at least 1 day \(is 0/], ["unset", { snapshotRetentionLimit: undefined }, /no backups/]]],
  [
    p.noOpenIngress,
    T.sg,
    { tags: { "wardroom:purpose": p.PUBLIC_LB_PURPOSE }, ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }, { protocol: "tcp", fromPort: 80, toPort: 80, ipv6CidrBlocks: ["::/0"] }] },
    [
      ["another group open to the internet", { tags: {} }, /ingress from 0\.0\.0\.0\/0 \(tcp port 443\): only the public load balancer's group/],
      ["the load balancer open on SSH", { ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }] }, /tcp port 22\): the public load balancer admits the internet on TCP 80 and 443 only/],
      ["the load balancer open on every port over IPv6", { ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, ipv6CidrBlocks: ["::/0"] }] }, /ingress from ::\/0 \(-1 port 0\)/],
      ["a range that includes 443", { ingress: [{ protocol: "tcp", fromPort: 0, toPort: 65535, cidrBlocks: ["0.0.0.0/0"] }] }, /ports 0-65535/],
    ],
  ],
];

/** The standalone rule types no-open-ingress checks too: an open one is refused, one from a group passes. */
const standaloneRules: [type: string, good: Record<string, unknown>, open: Record<string, unknown>][] = [
  ["aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", { securityGroupId: "sg-1", referencedSecurityGroupId: "sg-2", ipProtocol: "tcp", fromPort: 443, toPort: 443 }, { securityGroupId: "sg-1", cidrIpv4: "0.0.0.0/0", ipProtocol: "tcp", fromPort: 443, toPort: 443 }],
  ["aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", { securityGroupId: "sg-1", cidrIpv6: "fd00::/8", ipProtocol: "tcp", fromPort: 443, toPort: 443 }, { securityGroupId: "sg-1", cidrIpv6: "::/0", ipProtocol: "tcp", fromPort: 443, toPort: 443 }],
  ["aws:ec2/securityGroupRule:SecurityGroupRule", { type: "egress", securityGroupId: "sg-1", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }, { type: "ingress", securityGroupId: "sg-1", protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }],
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

  it.each(standaloneRules)("no-open-ingress on %s: refuses a rule open to the internet, passes one that is not", async (type, good, open) => {
    expect(await violationsOf(p.noOpenIngress, type, good)).toEqual([]);
    expect((await violationsOf(p.noOpenIngress, type, open)).join("; ")).toMatch(/standalone rules may not admit the internet/);
  });

  it("leaves other resource types alone", async () => {
    expect(await runPolicy(p.rdsEncrypted, { type: T.key, name: "k", props: {} })).toEqual({ applicable: false });
  });

  it("treats log groups that never expire as kept six years", async () => {
    expect(await violationsOf(p.logGroupRetentionAndKms, T.logs, { kmsKeyId: "k", retentionInDays: 0 })).toEqual([]);
  });
});
