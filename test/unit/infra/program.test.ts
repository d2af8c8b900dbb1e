import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generateSigningKey } from "../../../core/synapse/signingKey.ts";
import { ensureSynapseVenv } from "../../../infra/local/python.ts";
import { repoRoot } from "../../../runtime/paths.ts";
import { parse } from "yaml";
import { buildTopology } from "../../../core/synapse/topology.ts";
import { planLocalWorkers } from "../../../core/synapse/topologyLocal.ts";
import { localDeployment, localPorts, shippedPolicy } from "../synapse/workerFixtures.ts";
import { guardrailPolicies } from "../../../policies/guardrails/policies.ts";
import { runPolicy } from "./policyHarness.ts";
import { exampleStackConfig, mockPulumi, ofType, runProgram, unwrapSecret, type RecordedResource } from "./pulumiMocks.ts";

type Props = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let resources: RecordedResource[] = [];
beforeAll(async () => {
  resources = await mockPulumi(exampleStackConfig());
  await runProgram();
}, 60_000);

const one = (type: string, nameIncludes = ""): Props => {
  const found = ofType(resources, type).filter((r) => r.name.includes(nameIncludes));
  expect(found, `${type} ${nameIncludes}`).toHaveLength(1);
  return found[0]!.inputs as Props;
};

describe("the AWS program on the example stack", () => {
  it("creates the components with their children parented", () => {
    const components = resources.filter((r) => r.type.startsWith("wardroom:infra:")).map((r) => r.type);
    for (const c of ["Keys", "Network", "Edge", "Compute", "Database", "Cache", "Media", "Audit", "Homeserver", "Apps", "Identity"]) expect(components).toContain(`wardroom:infra:${c}`);
  });

  it("keys: three KMS keys, all rotating", () => {
    const keys = ofType(resources, "aws:kms/key:Key");
    expect(keys).toHaveLength(3);
    for (const k of keys) expect(k.inputs.enableKeyRotation).toBe(true);
  });

  it("network: 9 subnets over 3 zones, no public IPs on launch, interface endpoints and flow logs", () => {
    const subnets = ofType(resources, "aws:ec2/subnet:Subnet");
    expect(subnets).toHaveLength(9);
    expect(new Set(subnets.map((s) => s.inputs.availabilityZone))).toEqual(new Set(["us-east-1a", "us-east-1b", "us-east-1c"]));
    for (const s of subnets) expect(s.inputs.mapPublicIpOnLaunch).toBe(false);
    const endpoints = ofType(resources, "aws:ec2/vpcEndpoint:VpcEndpoint").map((e) => e.inputs.serviceName);
    for (const svc of ["secretsmanager", "kms", "logs", "ecr.dkr", "s3", "sms-voice"]) expect(endpoints).toContain(`com.amazonaws.us-east-1.${svc}`);
    expect(one("aws:ec2/flowLog:FlowLog").trafficType).toBe("ALL");
  });

  it("database: Multi-AZ, encrypted, TLS forced, 35-day backups, deletion protection, not public", () => {
    const db = one("aws:rds/instance:Instance");
    expect(db).toMatchObject({ multiAz: true, storageEncrypted: true, backupRetentionPeriod: 35, deletionProtection: true, publiclyAccessible: false, manageMasterUserPassword: true, skipFinalSnapshot: false });
    expect(db.kmsKeyId).toBeTruthy();
    const params = one("aws:rds/parameterGroup:ParameterGroup").parameters as Props[];
    expect(params).toContainEqual(expect.objectContaining({ name: "rds.force_ssl", value: "1" }));
  });

  it("cache: TLS in transit, encrypted at rest, AUTH, failover", () => {
    const redis = one("aws:elasticache/replicationGroup:ReplicationGroup");
    expect(redis).toMatchObject({ transitEncryptionEnabled: true, atRestEncryptionEnabled: true, automaticFailoverEnabled: true, multiAzEnabled: true });
    expect(unwrapSecret(redis.authToken)).toMatch(/^[A-Za-z0-9]{16,}$/);
  });

  it("media: SSE-KMS, versioned, public access blocked, TLS-only policy", () => {
    const sse = ofType(resources, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").find((r) => r.name.startsWith("media"))!.inputs as Props;
    expect(sse.rules[0].applyServerSideEncryptionByDefault.sseAlgorithm).toBe("aws:kms");
    const block = ofType(resources, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").find((r) => r.name.startsWith("media"))!.inputs;
    expect(block).toMatchObject({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    const policy = JSON.parse(ofType(resources, "aws:s3/bucketPolicy:BucketPolicy").find((r) => r.name.startsWith("media"))!.inputs.policy as string);
    expect(policy.Statement[0]).toMatchObject({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } });
    const versioning = ofType(resources, "aws:s3/bucketVersioning:BucketVersioning").find((r) => r.name.startsWith("media"))!.inputs as Props;
    expect(versioning).toMatchObject({ bucket: "media-bucket-id", versioningConfiguration: { status: "Enabled" } });
  });

  it("media: Synapse stores media in that bucket through synapse-s3-storage-provider, and only its task role may", () => {
    const td = ofType(resources, "aws:ecs/taskDefinition:TaskDefinition").find((t) => t.name === "homeserver-main")!;
    const synapse = (JSON.parse(td.inputs.containerDefinitions as string) as Props[]).find((d) => d.name === "synapse")!;
    const files = JSON.parse((synapse.environment as Props[]).find((e) => e.name === "WARDROOM_FILES")!.value) as Record<string, string>;
    const [provider] = (parse(files["/run/wardroom/homeserver.yaml"]!) as Props).media_storage_providers as Props[];
    expect(provider).toMatchObject({ module: "s3_storage_provider.S3StorageProviderBackend", store_synchronous: true, config: { bucket: "media-bucket", region_name: "us-east-1" } });
    const grant = JSON.parse(one("aws:iam/rolePolicy:RolePolicy", "homeserver-task-media").policy as string) as Props;
    expect(grant.Statement[0].Resource).toEqual(["arn:aws:s3:::media-bucket", "arn:aws:s3:::media-bucket/*"]);
  });

  it("network: data subnets are isolated (only the local route), app subnets leave through NAT only", () => {
    const tables = Object.fromEntries(ofType(resources, "aws:ec2/routeTable:RouteTable").map((r) => [`${r.name}-id`, r.inputs as Props]));
    const assoc = ofType(resources, "aws:ec2/routeTableAssociation:RouteTableAssociation");
    const tableOf = (tier: string) => assoc.filter((a) => (a.inputs.subnetId as string).startsWith(`network-${tier}-`)).map((a) => tables[a.inputs.routeTableId as string]!);
    expect(tableOf("data")).toHaveLength(3);
    for (const t of tableOf("data")) expect(t.routes ?? []).toEqual([]);
    expect(tableOf("app")).toHaveLength(3);
    for (const t of tableOf("app")) expect(t.routes).toEqual([{ cidrBlock: "0.0.0.0/0", natGatewayId: expect.stringMatching(/^network-nat-/) }]);
    const db = one("aws:rds/subnetGroup:SubnetGroup").subnetIds as string[];
    expect(db.every((id) => id.startsWith("network-data-"))).toBe(true);
  });

  it("homeserver: one Fargate service per Synapse process, no public IPs, HTTPS target groups", () => {
    const services = ofType(resources, "aws:ecs/service:Service").filter((s) => s.name.startsWith("homeserver"));
    // main + 2 client readers + 2 sync + 2 persisters + stream writer + media + background + pusher + appservice
    expect(services).toHaveLength(12);
    for (const s of ofType(resources, "aws:ecs/service:Service")) expect((s.inputs as Props).networkConfiguration.assignPublicIp).toBe(false);
    for (const tg of ofType(resources, "aws:lb/targetGroup:TargetGroup")) expect(tg.inputs.protocol).toBe("HTTPS");
    const tgNames = ofType(resources, "aws:lb/targetGroup:TargetGroup").map((t) => t.inputs.name as string);
    expect(new Set(tgNames).size).toBe(tgNames.length);
    for (const n of tgNames) expect(n).toMatch(/^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,30}[a-zA-Z0-9])?$/);
    const rules = ofType(resources, "aws:lb/listenerRule:ListenerRule").filter((r) => r.name.startsWith("homeserver"));
    // Every routing rule on both listeners.
    expect(rules.length % 2).toBe(0);
    const priorities = rules.map((r) => `${r.inputs.listenerArn}:${r.inputs.priority}`);
    expect(new Set(priorities).size).toBe(priorities.length);
  });

  it("homeserver: task definitions carry secrets as ARNs only", () => {
    for (const td of ofType(resources, "aws:ecs/taskDefinition:TaskDefinition")) {
      const defs = JSON.parse(td.inputs.containerDefinitions as string) as Props[];
      for (const d of defs) {
        for (const s of d.secrets ?? []) expect(s.valueFrom).toMatch(/^arn:aws:secretsmanager:/);
        expect(JSON.stringify(d.environment ?? [])).not.toContain("generatedGenerated");
        expect(JSON.stringify(d.command ?? [])).not.toContain("generatedGenerated");
      }
    }
  });

  it("edge: TLS 1.3 policy, HTTP redirected, invalid headers dropped, access logs, deletion protection, WAF", () => {
    const https = ofType(resources, "aws:lb/listener:Listener").filter((l) => l.inputs.protocol === "HTTPS");
    expect(https).toHaveLength(2);
    for (const l of https) expect(l.inputs.sslPolicy).toBe("ELBSecurityPolicy-TLS13-1-2-2021-06");
    const http = ofType(resources, "aws:lb/listener:Listener").find((l) => l.inputs.protocol === "HTTP")!.inputs as Props;
    expect(http.defaultActions[0].redirect.protocol).toBe("HTTPS");
    for (const lb of ofType(resources, "aws:lb/loadBalancer:LoadBalancer")) expect(lb.inputs).toMatchObject({ dropInvalidHeaderFields: true, enableDeletionProtection: true, accessLogs: { enabled: true } });
    const waf = one("aws:wafv2/webAcl:WebAcl");
    const names = (waf.rules as Props[]).map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(["admin-networks-only", "rate-limit", "AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"]));
    expect(one("aws:wafv2/ipSet:IpSet").addresses).toEqual(["203.0.113.0/24"]);
  });

  it("edge: the WAF, on the public ALB, blocks the admin API, SCIM and the console host from outside the admin networks", () => {
    const waf = one("aws:wafv2/webAcl:WebAcl");
    expect(one("aws:wafv2/webAclAssociation:WebAclAssociation")).toMatchObject({ resourceArn: "arn:aws:lb:us-east-1:123456789012:edge-public", webAclArn: "arn:aws:wafv2:us-east-1:123456789012:edge-waf" });
    const rule = (waf.rules as Props[]).find((r) => r.name === "admin-networks-only")!;
    expect(rule.action).toEqual({ block: {} });
    expect(rule.priority).toBe(0);
    const [matches, notAdmin] = rule.statement.andStatement.statements as Props[];
    expect(notAdmin).toEqual({ notStatement: { statement: { ipSetReferenceStatement: { arn: "arn:aws:wafv2:us-east-1:123456789012:edge-admin-networks" } } } });
    const what = (matches!.orStatement.statements as Props[]).map((s) => [s.byteMatchStatement.positionalConstraint, s.byteMatchStatement.searchString]);
    expect(what).toEqual([["STARTS_WITH", "/_synapse/admin"], ["STARTS_WITH", "/scim"], ["EXACTLY", "console.example.org"]]);
  });

  it("apps: the bridge, the bots, the console and SCIM; the End User Messaging number on an encrypted SNS topic", () => {
    const apps = ofType(resources, "aws:ecs/service:Service").filter((s) => s.name.startsWith("apps")).map((s) => s.name);
    expect(apps.sort()).toEqual(["apps-audit-drain", "apps-compliance", "apps-console", "apps-lifecycle", "apps-scim", "apps-sms-bridge"]);
    expect(one("aws:sns/topic:Topic").kmsMasterKeyId).toBeTruthy();
    expect(one("aws:pinpoint/smsvoicev2PhoneNumber:Smsvoicev2PhoneNumber")).toMatchObject({ twoWayChannelEnabled: true, numberCapabilities: ["SMS"] });
    expect(one("aws:sns/topicSubscription:TopicSubscription")).toMatchObject({ protocol: "https", endpoint: "https://matrix.example.org/webhooks/sms" });
  });

  it("identity: Cognito with MFA required and threat protection enforced", () => {
    expect(one("aws:cognito/userPool:UserPool")).toMatchObject({ mfaConfiguration: "ON", userPoolAddOns: { advancedSecurityMode: "ENFORCED" }, adminCreateUserConfig: { allowAdminCreateUserOnly: true } });
  });

  it("identity: Synapse signs people in through the Cognito pool, with Cognito's claims and the policy's groups", () => {
    const td = ofType(resources, "aws:ecs/taskDefinition:TaskDefinition").find((t) => t.name === "homeserver-main")!;
    const synapse = (JSON.parse(td.inputs.containerDefinitions as string) as Props[]).find((d) => d.name === "synapse")!;
    const files = JSON.parse((synapse.environment as Props[]).find((e) => e.name === "WARDROOM_FILES")!.value) as Record<string, string>;
    const [provider] = (parse(files["/run/wardroom/homeserver.yaml"]!) as Props).oidc_providers as Props[];
    expect(provider).toMatchObject({
      issuer: "https://cognito-idp.us-east-1.amazonaws.com/identity-users-id",
      client_id: "identity-synapse-id",
      client_secret_path: "/run/wardroom/secrets/oidc_client_secret",
      scopes: ["openid", "email", "profile"],
      user_profile_method: "auto",
      backchannel_logout_enabled: false,
      attribute_requirements: [{ attribute: "cognito:groups", one_of: expect.arrayContaining(["clinician", "admin"]) }],
    });
    expect(one("aws:cognito/userPoolClient:UserPoolClient", "identity-synapse").allowedOauthScopes).toEqual(["openid", "email", "profile"]);
  });

  it("audit: CloudTrail, GuardDuty, Config with the HIPAA pack, Backup, the Object Lock archive, 6-year logs", () => {
    expect(one("aws:cloudtrail/trail:Trail")).toMatchObject({ isMultiRegionTrail: true, enableLogFileValidation: true, kmsKeyId: expect.any(String) });
    expect(one("aws:guardduty/detector:Detector").enable).toBe(true);
    expect(JSON.parse(one("aws:cfg/conformancePack:ConformancePack").templateBody as string).Resources).toBeDefined();
    expect(one("aws:backup/plan:Plan").rules).toHaveLength(2);
    const locks = ofType(resources, "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration").filter((r) => r.name.startsWith("audit-archive"));
    expect(locks[0]!.inputs).toMatchObject({ rule: { defaultRetention: { mode: "COMPLIANCE", years: 6 } } });
    for (const g of ofType(resources, "aws:cloudwatch/logGroup:LogGroup")) expect(g.inputs).toMatchObject({ retentionInDays: 2192, kmsKeyId: expect.any(String) });
  });

  it("audit: AWS Config records every resource type; AWS Backup keeps the database, media and the console's state in a KMS vault, 35 days daily and 6 years monthly", () => {
    expect(one("aws:cfg/recorder:Recorder").recordingGroup).toMatchObject({ allSupported: true, includeGlobalResourceTypes: true });
    expect(one("aws:cfg/recorderStatus:RecorderStatus").isEnabled).toBe(true);
    expect(one("aws:backup/vault:Vault").kmsKeyArn).toBe("arn:aws:kms:us-east-1:123456789012:keys-data");
    expect(one("aws:backup/vaultLockConfiguration:VaultLockConfiguration")).toMatchObject({ minRetentionDays: 35 });
    expect((one("aws:backup/plan:Plan").rules as Props[]).map((r) => r.lifecycle.deleteAfter)).toEqual([35, 6 * 366]);
    const selection = one("aws:backup/selection:Selection");
    expect(selection.selectionTags).toEqual([{ type: "STRINGEQUALS", key: "wardroom:backup", value: "daily" }]);
    const tagged = resources.filter((r) => (r.inputs.tags as Record<string, string> | undefined)?.["wardroom:backup"] === "daily").map((r) => r.type);
    expect(tagged.sort()).toEqual(["aws:efs/fileSystem:FileSystem", "aws:rds/instance:Instance", "aws:s3/bucket:Bucket"]);
  });
});

describe("the policy pack on the example stack", () => {
  it("passes every recorded resource through every policy", async () => {
    const failures: string[] = [];
    const applied = new Map<string, number>();
    for (const r of resources) {
      for (const policy of guardrailPolicies) {
        const out = await runPolicy(policy, { type: r.type, name: r.name, props: r.inputs });
        if (!out.applicable) continue;
        applied.set(policy.name, (applied.get(policy.name) ?? 0) + 1);
        for (const v of out.violations) failures.push(`${policy.name} on ${r.name}: ${v}`);
      }
    }
    expect(failures).toEqual([]);
    // Every policy found something to check: the program makes each kind of resource.
    expect([...applied.keys()].sort()).toEqual(guardrailPolicies.map((x) => x.name).sort());
  });
});

/**
 * Deployment settings: where files, ports, hosts and secrets are. Everything else in the
 * Synapse files (what the policy says, the worker topology, who writes which stream) must be
 * the same on AWS as in the local worker mode.
 */
const DEPLOYMENT_KEYS = new Set([
  "public_baseurl", "pid_file", "log_config", "signing_key_path", "media_store_path", "tls_certificate_path", "tls_private_key_path",
  "registration_shared_secret", "macaroon_secret_key", "form_secret", "registration_shared_secret_path", "macaroon_secret_key_path", "form_secret_path",
  "worker_replication_secret", "worker_replication_secret_path", "media_storage_providers", "app_service_config_files", "worker_log_config", "worker_pid_file",
  // Where the OpenID provider is (the local worker mode here runs without one).
  "oidc_providers",
]);
function withoutDeployment(cfg: Props): Props {
  const out: Props = {};
  for (const [k, v] of Object.entries(cfg)) {
    // The local stack raises Synapse's rate limits for the test suite's bursts; AWS keeps Synapse's.
    if (DEPLOYMENT_KEYS.has(k) || k.startsWith("rc_")) continue;
    if (k === "listeners" || k === "worker_listeners") out[k] = (v as Props[]).map((l) => ({ type: l.type, names: l.resources?.[0]?.names ?? [] }));
    else if (k === "instance_map") out[k] = Object.keys(v as Props).sort();
    else if (k === "database") out[k] = { name: (v as Props).name, dbname: (v as Props).args.dbname };
    else if (k === "redis") out[k] = { enabled: (v as Props).enabled };
    // The modules' config is policy, except where the drain token's file is.
    else if (k === "modules") out[k] = (v as Props[]).map((m) => (m.config?.audit ? { ...m, config: { ...m.config, audit: { ...m.config.audit, drain_token_file: "(deployment)" } } } : m));
    else out[k] = v;
  }
  return out;
}

describe("Synapse's files on AWS and in the local worker mode", () => {
  it("are the same apart from the deployment settings, for main and every worker", () => {
    const aws: Record<string, { shared: Props; worker?: Props }> = {};
    for (const td of ofType(resources, "aws:ecs/taskDefinition:TaskDefinition").filter((t) => t.name.startsWith("homeserver-"))) {
      const synapse = (JSON.parse(td.inputs.containerDefinitions as string) as Props[]).find((d) => d.name === "synapse")!;
      const env = Object.fromEntries((synapse.environment as Props[]).map((e) => [e.name, e.value]));
      const files = JSON.parse(env.WARDROOM_FILES) as Record<string, string>;
      aws[env.SYNAPSE_INSTANCE] = {
        shared: parse(files["/run/wardroom/homeserver.yaml"]!) as Props,
        ...(files["/run/wardroom/worker.yaml"] ? { worker: parse(files["/run/wardroom/worker.yaml"]) as Props } : {}),
      };
    }
    const example = JSON.parse(exampleStackConfig()["wardroom:workers"]!);
    const t = buildTopology(example);
    const names = ["main", ...t.workers.map((w) => w.name)];
    expect(Object.keys(aws).sort()).toEqual([...names].sort());
    // The local stack always gives Synapse the drain token (infra/local/synapse.ts), which loads
    // Wardroom's homeserver policy module: AWS must load it too.
    const plan = planLocalWorkers(shippedPolicy(), { ...localDeployment, auditDrainTokenFile: "/state/secrets/audit_drain_token" }, t, { dir: "/state/synapse", ports: localPorts(names), replicationSecret: "x" });
    const localShared = parse(plan.files[0]!.content) as Props;
    for (const name of names) {
      expect(withoutDeployment(aws[name]!.shared), `${name}: shared`).toEqual(withoutDeployment(localShared));
      if (name === "main") continue;
      const local = parse(plan.files.find((f) => f.path.endsWith(`/workers/${name}.yaml`))!.content) as Props;
      expect(withoutDeployment(aws[name]!.worker!), `${name}: worker file`).toEqual(withoutDeployment(local));
    }
    // The deployment settings really differ (the comparison is not comparing a file with itself).
    expect(aws.main!.shared.public_baseurl).toBe("https://matrix.example.org/");
    expect(aws.main!.shared.redis).toMatchObject({ use_tls: true, password_path: "/run/wardroom/secrets/redis" });
    expect(aws.main!.shared.instance_map.event_persister1.host).toBe("event-persister1.synapse.example.wardroom.internal");
    const policyModule = (aws.main!.shared.modules as Props[]).find((m) => m.module === "wardroom_synapse.HomeserverPolicy");
    expect(policyModule?.config.audit).toEqual({ drain_token_file: "/run/wardroom/secrets/audit_drain_token" });
    expect(policyModule?.config.guardrails.require_encryption).toBe(true);
  });
});

/**
 * What one AWS task does at start, here: the image's entrypoint (infra/synapse/entrypoint.py)
 * writes the task's files from WARDROOM_FILES and the secrets ECS would inject, makes the TLS
 * certificate, and the pinned Synapse loads the result. Paths under /run/wardroom and /etc are
 * moved into a temporary directory; the S3 storage provider (installed in the image, not in
 * the local virtualenv) is left out of the file Synapse loads.
 */
describe("a Synapse task's files on AWS, written by the entrypoint and loaded by the pinned Synapse", () => {
  it("loads for main, a sync worker, an event persister and the media repository", async () => {
    const python = await ensureSynapseVenv(() => {});
    const dir = mkdtempSync(join(tmpdir(), "wardroom-aws-task-"));
    try {
      const tds = ofType(resources, "aws:ecs/taskDefinition:TaskDefinition").filter((t) => t.name.startsWith("homeserver-"));
      writeFileSync(join(dir, "log.yaml"), "version: 1\nroot: {level: WARNING}\n");
      writeFileSync(join(dir, "rds-ca.pem"), "");
      const seen: string[] = [];
      for (const instance of ["main", "sync1", "event_persister1", "media1"]) {
        const td = tds.find((t) => t.name === `homeserver-${instance.replace(/_/g, "-")}`)!;
        const synapse = (JSON.parse(td.inputs.containerDefinitions as string) as Props[]).find((d) => d.name === "synapse")!;
        const env = Object.fromEntries((synapse.environment as Props[]).map((e) => [e.name, e.value as string]));
        const root = join(dir, instance);
        const move = (text: string) => text.replaceAll("/run/wardroom", `${root}/run`).replaceAll("/etc/synapse/log.yaml", join(dir, "log.yaml")).replaceAll("/etc/ssl/certs/rds-global-bundle.pem", join(dir, "rds-ca.pem")).replaceAll("/data/media", `${root}/media`);
        const files = JSON.parse(env.WARDROOM_FILES!) as Record<string, string>;
        const moved: Record<string, string> = {};
        for (const [path, content] of Object.entries(files)) {
          let text = move(content);
          if (path.endsWith("homeserver.yaml")) text = text.replace(/^media_storage_providers:\n(?:[ -].*\n)+/m, "");
          moved[move(path)] = text;
        }
        // The secrets ECS injects from Secrets Manager (names from the task definition).
        const secrets: Record<string, string> = {};
        for (const s of synapse.secrets as Props[]) secrets[s.name] = s.name === "WARDROOM_SECRET_SIGNING_KEY" ? generateSigningKey() : `value-of-${s.name.toLowerCase()}`;
        const args = (synapse.command as string[]).slice(1).map(move);
        const script = `import json,sys\nfrom synapse.config.homeserver import HomeServerConfig\nc = HomeServerConfig.load_config("aws-check", sys.argv[1:])\nl = [x for x in c.server.listeners if getattr(x, "tls", False)]\nprint(json.dumps({"instance": c.worker.instance_name, "tls": len(l), "redisTls": c.redis.redis_use_tls, "redisPassword": c.redis.redis_password, "events": c.worker.writers.events, "sso": [[p.user_mapping_provider_class.__name__, p.user_mapping_provider_config.callback_url, p.user_mapping_provider_config.token_path] for p in c.oidc.oidc_providers]}))`;
        const res = spawnSync(python, [join(repoRoot, "infra", "synapse", "entrypoint.py"), python, "-c", script, ...args.slice(2)], {
          encoding: "utf8",
          env: { ...process.env, ...secrets, WARDROOM_FILES: JSON.stringify(moved), WARDROOM_TLS_SELF_SIGNED: "1", WARDROOM_TLS_DIR: `${root}/run/tls`, PYTHONPATH: join(repoRoot, "infra", "synapse", "modules") },
          timeout: 120_000,
        });
        expect(res.status, res.stderr.split("\n").slice(-8).join("\n")).toBe(0);
        const out = JSON.parse(res.stdout.trim().split("\n").pop()!) as Props;
        expect(out.instance).toBe(instance === "main" ? "master" : instance);
        expect(out.redisTls).toBe(true);
        // The process that serves requests behind the load balancer listens with TLS (ALB -> task is HTTPS).
        if (instance !== "event_persister1") expect(out.tls, `${instance}: TLS listener`).toBe(1);
        expect(out.redisPassword).toBe("value-of-wardroom_secret_redis");
        expect(out.events).toEqual(["event_persister1", "event_persister2"]);
        // Synapse loads Wardroom's mapping provider with SCIM's login hook (roles from groups at each login).
        expect(out.sso).toEqual([["GroupSyncMappingProvider", "https://matrix.example.org/_wardroom/identity/v1/sso_login", `${root}/run/secrets/sso_login_hook_token`]]);
        seen.push(instance);
      }
      expect(seen).toHaveLength(4);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
