import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { SSO_LOGIN_HOOK_PATH } from "../../../admin-console/scim/ssoLoginHook.ts";
import { APPS } from "../../../infra/aws/apps.ts";
import { ScimConfigSchema } from "../../../runtime/config/index.ts";
import { guardrailPolicies, secretsEncrypted } from "../../../policies/guardrails/policies.ts";
import { appTasks, expectAppTasksValid, fillPlaceholders } from "./appTaskConfigs.ts";
import { globMatches, routeOn } from "./albRouting.ts";
import { runPolicy } from "./policyHarness.ts";
import { exampleStackConfig, mockPulumi, ofType, runProgram, type RecordedResource } from "./pulumiMocks.ts";

type Props = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Synapse's SSO login hook on AWS (example stack: Cognito, the shipped policy's single sign-on
 * on): each login on Synapse main posts the person's groups to SCIM's hook, through the
 * internal load balancer, with a token of its own from Secrets Manager; the public edge
 * never routes the hook's path anywhere but to a refusal.
 */
let resources: RecordedResource[] = [];
beforeAll(async () => {
  resources = await mockPulumi(exampleStackConfig());
  await runProgram();
}, 60_000);

const DOMAIN = "matrix.example.org";
const HOOK_URL = `https://${DOMAIN}${SSO_LOGIN_HOOK_PATH}`;
const named = (type: string, name: string): RecordedResource => {
  const found = ofType(resources, type).filter((r) => r.name === name);
  expect(found, `${type} ${name}`).toHaveLength(1);
  return found[0]!;
};
const hookSecretArn = () => `arn:aws:secretsmanager:us-east-1:123456789012:tokens-sso-login-hook`;

function synapseContainer(instance: string): { files: Record<string, string>; secrets: Props[] } {
  const td = named("aws:ecs/taskDefinition:TaskDefinition", `homeserver-${instance}`);
  const synapse = (JSON.parse(td.inputs.containerDefinitions as string) as Props[]).find((d) => d.name === "synapse")!;
  const env = Object.fromEntries((synapse.environment as Props[]).map((e) => [e.name, e.value]));
  return { files: JSON.parse(env.WARDROOM_FILES) as Record<string, string>, secrets: synapse.secrets as Props[] };
}

const executionSecretArns = (policyName: string): string[] => {
  const doc = JSON.parse(named("aws:iam/rolePolicy:RolePolicy", policyName).inputs.policy as string) as Props;
  return (doc.Statement as Props[]).filter((s) => JSON.stringify(s.Action).includes("secretsmanager:GetSecretValue")).flatMap((s) => s.Resource as string[]);
};

const routeOf = (listenerName: string, req: { host: string; path: string; method: string }) => routeOn(resources, listenerName, req);

describe("Synapse's SSO login hook on AWS (example stack)", () => {
  it("Synapse main's OpenID mapping provider posts groups to the hook at the homeserver's name, with the token's file", () => {
    const shared = parse(synapseContainer("main").files["/run/wardroom/homeserver.yaml"]!) as Props;
    const [provider] = shared.oidc_providers as Props[];
    expect(provider!.user_mapping_provider).toEqual({
      module: "wardroom_synapse.sso_groups.GroupSyncMappingProvider",
      config: expect.objectContaining({ groups_claim: "cognito:groups", callback_url: HOOK_URL, token_path: "/run/wardroom/secrets/sso_login_hook_token" }),
    });
  });

  it("the hook's token is a generated Secrets Manager secret under the data key, its own (not the SCIM token)", () => {
    const secret = named("aws:secretsmanager/secret:Secret", "tokens-sso-login-hook");
    expect(secret.inputs.kmsKeyId).toBe("arn:aws:kms:us-east-1:123456789012:keys-data");
    expect(named("aws:secretsmanager/secretVersion:SecretVersion", "tokens-sso-login-hook").inputs.secretId).toBe("tokens-sso-login-hook-id");
    expect(hookSecretArn()).not.toBe(appTasks(resources).find((t) => t.app === "scim")!.secrets.SCIM_TOKEN);
  });

  it("is mounted into Synapse main's task (only main runs SSO logins) and its execution role may read it", () => {
    const main = synapseContainer("main");
    expect(main.files["/run/wardroom/secrets/sso_login_hook_token"]).toBe("${secret:SSO_HOOK_TOKEN}");
    expect(main.secrets).toContainEqual({ name: "WARDROOM_SECRET_SSO_HOOK_TOKEN", valueFrom: hookSecretArn() });
    expect(executionSecretArns("homeserver-execution-secrets")).toContain(hookSecretArn());
    // A worker never handles a login (topologyRoutes.ts "sso" is on main): it holds no token.
    const worker = synapseContainer("sync1");
    expect(worker.files["/run/wardroom/secrets/sso_login_hook_token"]).toBeUndefined();
    expect(worker.secrets.map((s) => s.name)).not.toContain("WARDROOM_SECRET_SSO_HOOK_TOKEN");
  });

  it("is mounted into the SCIM task, whose config (parsed with its schema) serves the hook with it", () => {
    expect(expectAppTasksValid(resources)).toHaveLength(6);
    const scim = appTasks(resources).find((t) => t.app === "scim")!;
    const c = ScimConfigSchema.parse(JSON.parse(fillPlaceholders(scim.files[scim.configFile]!)));
    expect(c.ssoHookTokenFile).toBe("/run/wardroom/secrets/sso-hook-token");
    expect(scim.files[c.ssoHookTokenFile!]).toBe("${secret:SSO_HOOK_TOKEN}");
    expect(scim.secrets.SSO_HOOK_TOKEN).toBe(hookSecretArn());
    expect(executionSecretArns("apps-execution-secrets")).toContain(hookSecretArn());
    // The other apps never see it.
    for (const t of appTasks(resources).filter((x) => x.app !== "scim")) expect(Object.keys(t.secrets), t.app).not.toContain("SSO_HOOK_TOKEN");
  });

  it("inside the VPC, the hook's URL reaches SCIM: the private zone, the internal listener's rule, SCIM's target group", () => {
    const apex = named("aws:route53/record:Record", "edge-private-apex").inputs as Props;
    expect(apex).toMatchObject({ name: DOMAIN, type: "A", aliases: [{ name: "edge-internal.elb.amazonaws.com" }] });
    expect(named("aws:lb/loadBalancer:LoadBalancer", "edge-internal").inputs.internal).toBe(true);
    const route = routeOf("edge-https-internal", { host: DOMAIN, path: SSO_LOGIN_HOOK_PATH, method: "POST" });
    expect(route).toMatchObject({ rule: "apps-rule-sso-login-hook", type: "forward", targetGroupArn: "arn:aws:lb:us-east-1:123456789012:apps-tg-scim" });
    const scimService = named("aws:ecs/service:Service", "apps-scim").inputs as Props;
    expect(scimService.loadBalancers).toEqual([{ targetGroupArn: "arn:aws:lb:us-east-1:123456789012:apps-tg-scim", containerName: "scim", containerPort: APPS.scim.tlsPort }]);
  });

  it("security groups: Synapse's tasks reach the internal load balancer, which reaches SCIM's TLS port; nothing else in the VPC reaches that load balancer", () => {
    const sgId = (name: string) => `${name}-id`;
    const internalAlbSg = named("aws:ec2/securityGroup:SecurityGroup", "edge-internal-alb").inputs as Props;
    expect(internalAlbSg.ingress ?? []).toEqual([]);
    const rules = ofType(resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.inputs.securityGroupId === sgId("edge-internal-alb"));
    expect(rules.map((r) => r.inputs.referencedSecurityGroupId).sort()).toEqual([sgId("compute-apps"), sgId("compute-synapse")]);
    for (const r of rules) expect(r.inputs).toMatchObject({ ipProtocol: "tcp", fromPort: 443, toPort: 443 });
    for (const r of rules) expect(r.inputs.cidrIpv4).toBeUndefined();
    // Synapse's tasks may open connections out; the SCIM task (app group) admits its TLS port from the load balancers only.
    expect((named("aws:ec2/securityGroup:SecurityGroup", "compute-synapse").inputs.egress as Props[])[0]).toMatchObject({ protocol: "-1", cidrBlocks: ["0.0.0.0/0"] });
    const appSg = named("aws:ec2/securityGroup:SecurityGroup", "compute-apps").inputs as Props;
    expect(appSg.ingress).toEqual([expect.objectContaining({ fromPort: APPS.scim.tlsPort, toPort: APPS.scim.tlsPort, securityGroups: [sgId("edge-public-alb"), sgId("edge-internal-alb")] })]);
    expect(JSON.stringify(appSg.ingress)).not.toContain("cidrBlocks");
  });

  it("the public edge refuses the hook's path for every host and method, ahead of every other rule", () => {
    for (const host of [DOMAIN, "console.example.org", "edge-public.elb.amazonaws.com"]) {
      for (const method of ["POST", "GET"]) {
        const route = routeOf("edge-https-public", { host, path: SSO_LOGIN_HOOK_PATH, method });
        expect(route, `${method} ${host}`).toMatchObject({ rule: "apps-rule-internal-apis-refused", type: "fixed-response", fixedResponse: { statusCode: "404" } });
      }
    }
    // And the bridge's control API, the other VPC-only API under /_wardroom/.
    expect(routeOf("edge-https-public", { host: DOMAIN, path: "/_wardroom/v1/conversations", method: "POST" }).rule).toBe("apps-rule-internal-apis-refused");
    // No public rule forwards the hook's path to SCIM, whatever its priority.
    const publicToScim = ofType(resources, "aws:lb/listenerRule:ListenerRule").filter(
      (r) => r.inputs.listenerArn === "arn:aws:lb:us-east-1:123456789012:edge-https-public" && JSON.stringify(r.inputs.actions).includes("apps-tg-scim"),
    );
    expect(publicToScim.map((r) => r.name)).toEqual(["apps-rule-scim-public"]);
    for (const r of publicToScim) for (const c of r.inputs.conditions as Props[]) for (const v of c.pathPattern?.values ?? []) expect(globMatches(v, SSO_LOGIN_HOOK_PATH), v).toBe(false);
    // SCIM itself still reaches the identity provider through the public edge (the WAF admits only the admin networks).
    expect(routeOf("edge-https-public", { host: DOMAIN, path: "/scim/v2/Users", method: "GET" }).rule).toBe("apps-rule-scim-public");
  });

  it("every resource of the hook's wiring still passes every guardrail policy", async () => {
    const failures: string[] = [];
    for (const r of resources) {
      for (const policy of guardrailPolicies) {
        const out = await runPolicy(policy, { type: r.type, name: r.name, props: r.inputs });
        if (out.applicable) for (const v of out.violations) failures.push(`${policy.name} on ${r.name}: ${v}`);
      }
    }
    expect(failures).toEqual([]);
    // The hook's secret is among what was checked (secrets-kms applies to it).
    expect((await runPolicy(secretsEncrypted, { type: "aws:secretsmanager/secret:Secret", name: "tokens-sso-login-hook", props: named("aws:secretsmanager/secret:Secret", "tokens-sso-login-hook").inputs })).applicable).toBe(true);
  });
});
