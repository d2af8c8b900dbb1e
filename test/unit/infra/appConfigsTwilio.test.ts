import { beforeAll, describe, expect, it } from "vitest";
import { appTasks, expectAppTasksValid, type AppTask } from "./appTaskConfigs.ts";
import { exampleStackConfig, mockPulumi, ofType, runProgram, type RecordedResource } from "./pulumiMocks.ts";

/**
 * The other variant: Twilio credentials and the organisation's own OpenID provider. The
 * bridge's Twilio keys and the console's client secret (Synapse's client at that provider)
 * still reach the processes only through placeholders the task's secrets fill.
 */
const SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:wardroom-oidc-AbCdEf";
let resources: RecordedResource[] = [];
let tasks: AppTask[] = [];
beforeAll(async () => {
  resources = await mockPulumi(
    exampleStackConfig({
      "wardroom:sms": { provider: "twilio" },
      "wardroom:identity": { provider: "oidc", issuer: "https://sso.example-health.org/realms/hospital", clientId: "wardroom-synapse", clientSecretArn: SECRET_ARN },
    }),
    "twilio",
  );
  await runProgram();
  tasks = appTasks(resources);
}, 60_000);

const task = (app: string) => tasks.find((t) => t.app === app)!;

describe("the apps' ECS config files (Twilio, external OpenID provider)", () => {
  it("parse with each process's schema and have a readable secret behind every placeholder", () => {
    expect(expectAppTasksValid(resources)).toHaveLength(6);
  });

  it("the bridge's Twilio credentials come from keys of the Twilio secret", () => {
    const bridge = task("sms-bridge");
    expect(bridge.secrets.TWILIO_ACCOUNT_SID).toMatch(/apps-twilio:accountSid::$/);
    expect(bridge.secrets.TWILIO_AUTH_TOKEN).toMatch(/apps-twilio:authToken::$/);
    expect(JSON.parse(bridge.files[bridge.configFile]!).provider).toEqual({ kind: "twilio", accountSid: "${secret:TWILIO_ACCOUNT_SID}", authToken: "${secret:TWILIO_AUTH_TOKEN}" });
  });

  it("the console signs in at the same provider with Synapse's client", () => {
    const c = task("console");
    expect(JSON.parse(c.files[c.configFile]!).oidc).toEqual({ issuer: "https://sso.example-health.org/realms/hospital", clientId: "wardroom-synapse", clientSecretFile: "/run/wardroom/secrets/console-oidc-client-secret" });
    expect(c.secrets.CONSOLE_OIDC_CLIENT_SECRET).toBe(SECRET_ARN);
    expect(ofType(resources, "aws:cognito/userPoolClient:UserPoolClient")).toEqual([]);
  });
});
