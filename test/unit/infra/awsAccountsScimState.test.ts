import { beforeAll, describe, expect, it } from "vitest";
import { BREAK_GLASS_LOCALPART, SERVICE_LOCALPART, WIPE_JOURNAL_DIR } from "../../../infra/aws/appConfigs.ts";
import { placeholdersIn } from "../../../infra/aws/containerFiles.ts";
import { SYNAPSE_FILES } from "../../../infra/aws/homeserver.ts";
import { efsEncrypted, guardrailPolicies } from "../../../policies/guardrails/policies.ts";
import { AccountsBootstrapConfigSchema, ConsoleConfigSchema, ScimConfigSchema } from "../../../runtime/config/index.ts";
import { appTasks, fillPlaceholders } from "./appTaskConfigs.ts";
import { violationsOf } from "./policyHarness.ts";
import { exampleStackConfig, mockPulumi, ofType, runProgram, type RecordedResource } from "./pulumiMocks.ts";

type Props = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * What the apps need beyond their own services on AWS (example stack): the accounts they sign
 * in as, registered by a bootstrap container of the Synapse main task; the SCIM service behind
 * the load balancer for the admin networks only; the console's wipe journals on encrypted EFS.
 */
let resources: RecordedResource[] = [];
beforeAll(async () => {
  resources = await mockPulumi(exampleStackConfig());
  await runProgram();
}, 60_000);

const named = (type: string, name: string) => ofType(resources, type).find((r) => r.name === name)!.inputs as Props;
const containers = (taskName: string) => JSON.parse(named("aws:ecs/taskDefinition:TaskDefinition", taskName).containerDefinitions as string) as Props[];
const envOf = (c: Props) => Object.fromEntries((c.environment as Props[]).map((e) => [e.name as string, e.value as string]));
const secretsOf = (c: Props) => Object.fromEntries((c.secrets as Props[]).map((s) => [(s.name as string).replace(/^WARDROOM_SECRET_/, ""), s.valueFrom as string]));
const readableBy = (policyName: string) => (JSON.parse(named("aws:iam/rolePolicy:RolePolicy", policyName).policy as string) as Props).Statement.find((s: Props) => [s.Action].flat().includes("secretsmanager:GetSecretValue")).Resource as string[];

describe("the apps' accounts on the homeserver", () => {
  it("are registered by the Synapse main task's accounts container, with the secrets the apps sign in with", () => {
    const defs = containers("homeserver-main");
    const accounts = defs.find((d) => d.name === "accounts")!;
    expect(accounts, "the main task has an accounts bootstrap container").toBeDefined();
    expect(accounts.essential).toBe(false);
    expect(accounts.command).toEqual(["node", "bin/run-ts.mjs", "runtime/bootstrap/accountsMain.ts"]);
    expect(accounts.image).toBe(containers("apps-console").find((d) => d.name === "console")!.image);
    const env = envOf(accounts);
    const files = JSON.parse(env.WARDROOM_FILES!) as Record<string, string>;
    const config = AccountsBootstrapConfigSchema.parse(JSON.parse(fillPlaceholders(files[env.WARDROOM_ACCOUNTS_CONFIG!]!)));
    expect(config.homeserverUrl).toBe("https://matrix.example.org");
    expect(config.directoryUrl).toMatch(/^postgres:\/\/wardroom_app:.+\/wardroom\?sslmode=verify-full/);
    expect(config.accounts.map((a) => [a.localpart, a.serverAdmin, a.roles])).toEqual([
      [SERVICE_LOCALPART, true, []],
      [BREAK_GLASS_LOCALPART, true, ["admin"]],
    ]);
    for (const f of [config.sharedSecretFile, ...config.accounts.map((a) => a.passwordFile)]) expect(Object.keys(files)).toContain(f);

    const secrets = secretsOf(accounts);
    const readable = readableBy("homeserver-execution-secrets");
    for (const content of Object.values(files)) {
      for (const name of placeholdersIn(content)) {
        expect(Object.keys(secrets), name).toContain(name);
        expect(readable, `the homeserver's execution role may read ${name}`).toContain(secrets[name]);
      }
    }
    // The same secrets as Synapse's shared secret and the apps' sign-in password.
    const synapse = secretsOf(defs.find((d) => d.name === "synapse")!);
    expect(secrets.REGISTRATION_SHARED_SECRET).toBe(synapse.REGISTRATION_SHARED_SECRET);
    const apps = appTasks(resources);
    for (const app of ["compliance", "lifecycle", "console", "scim"]) expect(apps.find((t) => t.app === app)!.secrets.SERVICE_PASSWORD, app).toBe(secrets.SERVICE_PASSWORD);
    expect(secrets.BREAKGLASS_PASSWORD).toContain("apps-breakglass-password");
    // The shared secret stays in the homeserver's task: no app task gets it.
    for (const t of apps) expect(Object.keys(t.secrets), t.app).not.toContain("REGISTRATION_SHARED_SECRET");
  });

  it("the console's break-glass administrator is the account the bootstrap makes; the bridge's appservice is registered with the bridge's tokens", () => {
    const consoleTask = appTasks(resources).find((t) => t.app === "console")!;
    const c = ConsoleConfigSchema.parse(JSON.parse(fillPlaceholders(consoleTask.files[consoleTask.configFile]!)));
    expect(c.breakGlass?.userId).toBe(`@${BREAK_GLASS_LOCALPART}:wardroom.localhost`);
    const main = containers("homeserver-main");
    const synapse = main.find((d) => d.name === "synapse")!;
    const registration = (JSON.parse(envOf(synapse).WARDROOM_FILES!) as Record<string, string>)[SYNAPSE_FILES.registration]!;
    expect(registration).toContain("${secret:AS_TOKEN}");
    expect(registration).toContain("${secret:HS_TOKEN}");
    const bridge = appTasks(resources).find((t) => t.app === "sms-bridge")!;
    expect(secretsOf(synapse).AS_TOKEN).toBe(bridge.secrets.AS_TOKEN);
    expect(secretsOf(synapse).HS_TOKEN).toBe(bridge.secrets.HS_TOKEN);
  });
});

describe("SCIM on AWS", () => {
  it("is an ECS service behind both load balancers on /scim/v2, its config parsed by its schema", () => {
    const scim = appTasks(resources).find((t) => t.app === "scim")!;
    const c = ScimConfigSchema.parse(JSON.parse(fillPlaceholders(scim.files[scim.configFile]!)));
    expect(c.publicUrl).toBe("https://matrix.example.org/scim/v2");
    expect(c.serviceAccount.userId).toBe(`@${SERVICE_LOCALPART}:wardroom.localhost`);
    expect(scim.files[c.tokenFile]).toBe("${secret:SCIM_TOKEN}");
    expect(scim.secrets.SCIM_TOKEN).toContain("apps-scim-token");
    const service = named("aws:ecs/service:Service", "apps-scim");
    expect(service.networkConfiguration.assignPublicIp).toBe(false);
    expect(service.loadBalancers[0].targetGroupArn).toContain("apps-tg-scim");
    expect(named("aws:lb/targetGroup:TargetGroup", "apps-tg-scim")).toMatchObject({ protocol: "HTTPS", healthCheck: { protocol: "HTTPS", path: "/health" } });
    for (const rule of ["apps-rule-scim-public", "apps-rule-scim-internal"]) expect(JSON.stringify(named("aws:lb/listenerRule:ListenerRule", rule).conditions)).toContain("/scim/v2/*");
  });

  it("is reachable from the internet only from wardroom:adminNetworks (the WAF's admin rule covers /scim)", () => {
    const waf = ofType(resources, "aws:wafv2/webAcl:WebAcl")[0]!.inputs as Props;
    const admin = (waf.rules as Props[]).find((r) => r.name === "admin-networks-only")!;
    expect(admin.action).toEqual({ block: {} });
    const prefixes = (admin.statement.andStatement.statements[0].orStatement.statements as Props[]).filter((s) => s.byteMatchStatement.fieldToMatch.uriPath).map((s) => s.byteMatchStatement.searchString);
    expect(prefixes).toContain("/scim");
    expect(JSON.stringify(admin.statement.andStatement.statements[1])).toContain("ipSetReferenceStatement");
  });
});

describe("the console's wipe journals on AWS", () => {
  it("are on an encrypted EFS file system mounted into the console task through an access point, TLS in transit", () => {
    const consoleTask = appTasks(resources).find((t) => t.app === "console")!;
    const c = ConsoleConfigSchema.parse(JSON.parse(fillPlaceholders(consoleTask.files[consoleTask.configFile]!)));
    expect(c.wipeJournalDir).toBe(WIPE_JOURNAL_DIR);
    const td = named("aws:ecs/taskDefinition:TaskDefinition", "apps-console");
    const consoleContainer = containers("apps-console").find((d) => d.name === "console")!;
    expect(consoleContainer.mountPoints).toEqual([{ sourceVolume: "wipes", containerPath: WIPE_JOURNAL_DIR, readOnly: false }]);
    expect(td.volumes).toHaveLength(1);
    expect(td.volumes[0]).toMatchObject({ name: "wipes", efsVolumeConfiguration: { fileSystemId: "apps-state-id", transitEncryption: "ENABLED", authorizationConfig: { iam: "ENABLED" } } });
    const fs = named("aws:efs/fileSystem:FileSystem", "apps-state");
    expect(fs).toMatchObject({ encrypted: true, kmsKeyId: expect.stringContaining("keys-data") });
    // AWS Backup's daily selection (audit.ts) picks it up by tag.
    expect((fs.tags as Record<string, string>)["wardroom:backup"]).toBe("daily");
    expect(ofType(resources, "aws:efs/mountTarget:MountTarget")).toHaveLength(3);
    expect(named("aws:efs/fileSystemPolicy:FileSystemPolicy", "apps-state").policy).toContain("aws:SecureTransport");
  });

  it("the guardrail pack has the EFS policy and refuses an unencrypted file system, naming it", async () => {
    expect(guardrailPolicies).toContain(efsEncrypted);
    expect(await violationsOf(efsEncrypted, "aws:efs/fileSystem:FileSystem", { encrypted: false })).toEqual(["encrypted must be true", "kmsKeyId must name a customer-managed KMS key"]);
    expect(await violationsOf(efsEncrypted, "aws:efs/fileSystem:FileSystem", { encrypted: true, kmsKeyId: "arn:aws:kms:us-east-1:1:key/x" })).toEqual([]);
  });
});
