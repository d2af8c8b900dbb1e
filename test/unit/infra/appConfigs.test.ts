import { beforeAll, describe, expect, it } from "vitest";
import { SERVICE_LOCALPART } from "../../../infra/aws/appConfigs.ts";
import { APPS } from "../../../infra/aws/apps.ts";
import { BridgeConfigSchema, ComplianceBotConfigSchema, ConsoleConfigSchema } from "../../../runtime/config/index.ts";
import { appTasks, expectAppTasksValid, fillPlaceholders, type AppTask } from "./appTaskConfigs.ts";
import { exampleStackConfig, mockPulumi, ofType, runProgram, type RecordedResource } from "./pulumiMocks.ts";

/**
 * The apps' config files on ECS (example stack: End User Messaging, Cognito) are what their
 * processes load: each parses with the schema its main.ts uses once the entrypoint has filled
 * the placeholders, and each placeholder has a Secrets Manager secret the task may read.
 */
let resources: RecordedResource[] = [];
let tasks: AppTask[] = [];
beforeAll(async () => {
  resources = await mockPulumi(exampleStackConfig());
  await runProgram();
  tasks = appTasks(resources);
}, 60_000);

const task = (app: string) => tasks.find((t) => t.app === app)!;

describe("the apps' ECS config files (example stack)", () => {
  it("parse with each process's schema and have a readable secret behind every placeholder", () => {
    expect(expectAppTasksValid(resources)).toHaveLength(6);
  });

  it("console: behind the ALB, on APPS' port, with the stores on RDS and its own Cognito client", () => {
    const c = ConsoleConfigSchema.parse(JSON.parse(fillPlaceholders(task("console").files[task("console").configFile]!)));
    expect(c.trustProxy).toBe(true);
    expect(c.listen).toEqual({ host: "127.0.0.1", port: APPS.console.port });
    expect(c.publicUrl).toBe("https://console.example.org");
    for (const url of [c.sessionsUrl, c.directoryUrl, c.tokensUrl, c.breakGlassUrl, c.consentUrl]) expect(url).toMatch(/^postgres:\/\/wardroom_app:.+@database.*:5432\/wardroom\?sslmode=verify-full/);
    expect(c.auditUrl).toMatch(/^postgres:\/\/wardroom_audit_writer:.+\/wardroom_audit\?sslmode=verify-full/);
    expect(c.serviceAccount.userId).toBe(`@${SERVICE_LOCALPART}:wardroom.localhost`);
    expect(c.oidc?.clientId).toBe("identity-console-id");
    // Cognito's scopes (the policy's "groups" is no Cognito scope), as Synapse's client asks.
    expect(c.oidc?.scopes).toEqual(["openid", "email", "profile"]);
    expect(c.oidc?.issuer).toMatch(/^https:\/\/cognito-idp\.us-east-1\.amazonaws\.com\//);
    const consoleClient = ofType(resources, "aws:cognito/userPoolClient:UserPoolClient").find((r) => r.name === "identity-console")!;
    expect(consoleClient.inputs.allowedOauthScopes).toEqual(["openid", "email", "profile"]);
    expect(consoleClient.inputs.callbackUrls).toEqual(["https://console.example.org/login/callback"]);
  });

  it("secret files hold only a placeholder, each from a secret of its own", () => {
    const files = task("console").files;
    expect(files["/run/wardroom/secrets/breakglass-totp"]).toBe("${secret:BREAKGLASS_TOTP}");
    expect(files["/run/wardroom/secrets/console-session-secret"]).toBe("${secret:CONSOLE_SESSION_SECRET}");
    expect(files["/run/wardroom/secrets/console-oidc-client-secret"]).toBe("${secret:CONSOLE_OIDC_CLIENT_SECRET}");
    expect(task("console").secrets.CONSOLE_OIDC_CLIENT_SECRET).toContain("identity-console-oidc-client");
    for (const app of ["compliance", "lifecycle", "console"]) expect(task(app).secrets.SERVICE_PASSWORD, app).toContain("apps-service-password");
  });

  it("blocked-message notices go encrypted from the compliance bot, read from the audit ledger (not Synapse's server notices)", () => {
    const parsed = <T>(app: string, schema: { parse: (v: unknown) => T }) => schema.parse(JSON.parse(fillPlaceholders(task(app).files[task(app).configFile]!)));
    expect(parsed("sms-bridge", BridgeConfigSchema).blockedNotices).toBe("compliance_bot");
    expect(parsed("compliance", ComplianceBotConfigSchema).blockedNotices?.auditUrl).toMatch(/\/wardroom_audit\?sslmode=verify-full/);
  });

  it("the compliance bot reaches the bridge's control API through a VPC-only rule", () => {
    const rule = ofType(resources, "aws:lb/listenerRule:ListenerRule").find((r) => r.name === "apps-rule-bridge-control")!;
    expect(JSON.stringify(rule.inputs.conditions)).toContain("/_wardroom/v1/*");
    expect(rule.inputs.listenerArn).toContain("internal");
  });
});
