import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../../runtime/paths.ts";
import { appTasks, expectAppTasksValid } from "./appTaskConfigs.ts";
import { exampleStackConfig, mockPulumi, ofType, runProgram, type RecordedResource } from "./pulumiMocks.ts";

type Props = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The example stack with a policy that turns single sign-on off: no OpenID provider in
 * Synapse, so no SSO login hook anywhere (no token, no internal rule), and SCIM's config
 * still parses without it.
 */
const dir = mkdtempSync(join(tmpdir(), "wardroom-sso-off-"));
let resources: RecordedResource[] = [];
beforeAll(async () => {
  const policy = readFileSync(join(repoRoot, "policies", "hipaa.yaml"), "utf8");
  const off = policy.replace(/(\n {2}sso:\n(?: {4}#.*\n)* {4}enabled: )true/, "$1false");
  expect(off).not.toBe(policy);
  writeFileSync(join(dir, "policy.yaml"), off);
  resources = await mockPulumi(exampleStackConfig({ "wardroom:policyFile": join(dir, "policy.yaml") }), "ssooff");
  await runProgram();
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the AWS program with single sign-on off", () => {
  it("makes no login hook: no token, no OpenID provider in Synapse, no hook rule; SCIM's config still parses", () => {
    expect(ofType(resources, "aws:secretsmanager/secret:Secret").filter((r) => r.name.includes("sso-login-hook"))).toEqual([]);
    expect(ofType(resources, "aws:lb/listenerRule:ListenerRule").map((r) => r.name)).not.toContain("apps-rule-sso-login-hook");
    const td = ofType(resources, "aws:ecs/taskDefinition:TaskDefinition").find((t) => t.name === "homeserver-main")!;
    const synapse = (JSON.parse(td.inputs.containerDefinitions as string) as Props[]).find((d) => d.name === "synapse")!;
    const files = JSON.parse((synapse.environment as Props[]).find((e) => e.name === "WARDROOM_FILES")!.value) as Record<string, string>;
    expect((parse(files["/run/wardroom/homeserver.yaml"]!) as Props).oidc_providers).toBeUndefined();
    expect(expectAppTasksValid(resources)).toHaveLength(6);
    const scim = appTasks(resources).find((t) => t.app === "scim")!;
    expect(JSON.parse(scim.files[scim.configFile]!).ssoHookTokenFile).toBeUndefined();
    expect(Object.keys(scim.secrets)).not.toContain("SSO_HOOK_TOKEN");
    // The public edge refuses /_wardroom/* all the same.
    expect(ofType(resources, "aws:lb/listenerRule:ListenerRule").map((r) => r.name)).toContain("apps-rule-internal-apis-refused");
  });
});
