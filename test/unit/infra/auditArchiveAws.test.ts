import { beforeAll, describe, expect, it } from "vitest";
import { ARCHIVE_ANCHOR_PREFIX, ARCHIVE_RECORDS_PREFIX, ARCHIVE_WRITER } from "../../../infra/aws/apps.ts";
import { AUDIT_ANCHOR_KEY_FILE_ENV, AUDIT_S3_BUCKET_ENV } from "../../../runtime/audit/archiveEnv.ts";
import { appTasks, type AppTask } from "./appTaskConfigs.ts";
import { exampleStackConfig, mockPulumi, ofType, runProgram, type RecordedResource } from "./pulumiMocks.ts";

type Props = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The audit archive receives the ledger's checkpoints on AWS: the lifecycle bot's task
 * (startAuditArchive) has the bucket and the sealing key, a role of its own allowed exactly
 * S3AnchorSink's calls on the checkpoints' prefix and the archive's KMS key; no other app may
 * write there.
 */
let resources: RecordedResource[] = [];
let tasks: AppTask[] = [];
beforeAll(async () => {
  resources = await mockPulumi(exampleStackConfig());
  await runProgram();
  tasks = appTasks(resources);
}, 60_000);

const taskDefinition = (app: string): Props => ofType(resources, "aws:ecs/taskDefinition:TaskDefinition").find((t) => t.name === `apps-${app}`)!.inputs as Props;
const container = (app: string): Props => (JSON.parse(taskDefinition(app).containerDefinitions as string) as Props[]).find((d) => d.name === app)!;
const env = (app: string): Record<string, string> => Object.fromEntries((container(app).environment as Props[]).map((e) => [e.name, e.value]));
const rolePolicy = (name: string): Props => JSON.parse(ofType(resources, "aws:iam/rolePolicy:RolePolicy").find((r) => r.name === name)!.inputs.policy as string) as Props;
const archiveBucket = () => ofType(resources, "aws:s3/bucket:Bucket").find((b) => (b.inputs.tags as Props)["wardroom:purpose"] === "audit-archive")!;

describe("the audit archive on AWS (example stack)", () => {
  it("the lifecycle bot's container names the archive bucket, the key file and the region", () => {
    expect(ARCHIVE_WRITER).toBe("lifecycle");
    const e = env("lifecycle");
    // The mocks give a bucket its resource name.
    expect(e[AUDIT_S3_BUCKET_ENV]).toBe(archiveBucket().name);
    expect(e.AWS_REGION).toBe("us-east-1");
    const lifecycle = tasks.find((t) => t.app === "lifecycle")!;
    expect(lifecycle.files[e[AUDIT_ANCHOR_KEY_FILE_ENV]!]).toBe("${secret:AUDIT_ANCHOR_KEY}");
    expect(lifecycle.secrets.AUDIT_ANCHOR_KEY).toBe("arn:aws:secretsmanager:us-east-1:123456789012:apps-audit-anchor-key");
    // The key is generated once (64 characters: 64 bytes of HMAC key) under the data key.
    const secret = ofType(resources, "aws:secretsmanager/secret:Secret").find((s) => s.name === "apps-audit-anchor-key")!;
    expect(secret.inputs.kmsKeyId).toBe("arn:aws:kms:us-east-1:123456789012:keys-data");
    const readable = (rolePolicy("apps-execution-secrets").Statement as Props[]).find((s) => s.Action === "secretsmanager:GetSecretValue")!.Resource as string[];
    expect(readable).toContain(lifecycle.secrets.AUDIT_ANCHOR_KEY);
  });

  it("no other app's container names the archive or its key", () => {
    for (const t of tasks.filter((t) => t.app !== "lifecycle")) {
      expect(Object.keys(env(t.app)), t.app).not.toContain(AUDIT_S3_BUCKET_ENV);
      expect(Object.keys(t.secrets), t.app).not.toContain("AUDIT_ANCHOR_KEY");
    }
    expect(Object.keys(env("lifecycle"))).not.toContain("WARDROOM_AUDIT_ARCHIVE_BUCKET");
  });

  it("the lifecycle task's role may do exactly what the archive's writers do, on their prefixes, with the audit key", () => {
    expect(taskDefinition("lifecycle").taskRoleArn).toBe("arn:aws:iam:us-east-1:123456789012:apps-archive-task");
    const bucketArn = `arn:aws:s3:::${archiveBucket().name}`;
    const anchors = `${bucketArn}/${ARCHIVE_ANCHOR_PREFIX}*`;
    const records = `${bucketArn}/${ARCHIVE_RECORDS_PREFIX}*`;
    expect([ARCHIVE_ANCHOR_PREFIX, ARCHIVE_RECORDS_PREFIX]).toEqual(["audit-anchors/", "audit-records/"]);
    expect(ofType(resources, "aws:iam/rolePolicy:RolePolicy").find((r) => r.name === "apps-archive-task")!.inputs.role).toBe("apps-archive-task-id");
    expect(rolePolicy("apps-archive-task").Statement).toEqual([
      // S3AnchorSink.write and S3RecordExports: PutObject with ObjectLockMode and ObjectLockRetainUntilDate.
      { Sid: "WriteArchive", Effect: "Allow", Action: ["s3:PutObject", "s3:PutObjectRetention"], Resource: [anchors, records] },
      // S3AnchorSink.readAll (verify): GetObject of each version; ListObjectVersions under a prefix (also where the last export ended).
      { Sid: "ReadCheckpoints", Effect: "Allow", Action: "s3:GetObjectVersion", Resource: anchors },
      { Sid: "ListArchive", Effect: "Allow", Action: "s3:ListBucketVersions", Resource: bucketArn, Condition: { StringLike: { "s3:prefix": ["audit-anchors/*", "audit-records/*"] } } },
      // The archive is SSE-KMS with the audit key.
      { Sid: "ArchiveKey", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: "arn:aws:kms:us-east-1:123456789012:keys-audit" },
    ]);
    const sse = ofType(resources, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").find((r) => r.name.startsWith("audit-archive"))!.inputs as Props;
    expect(sse.rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId).toBe("arn:aws:kms:us-east-1:123456789012:keys-audit");
  });

  it("the other apps' role has no S3 permission at all", () => {
    for (const t of tasks.filter((t) => t.app !== "lifecycle")) expect(taskDefinition(t.app).taskRoleArn, t.app).toBe("arn:aws:iam:us-east-1:123456789012:apps-task");
    const actions = (rolePolicy("apps-task").Statement as Props[]).flatMap((s) => [s.Action].flat() as string[]);
    expect(actions.filter((a) => a.startsWith("s3:"))).toEqual([]);
  });
});
