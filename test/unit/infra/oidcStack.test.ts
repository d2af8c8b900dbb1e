import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { exampleStackConfig, mockPulumi, ofType, runProgram, type RecordedResource } from "./pulumiMocks.ts";

type Props = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The example stack with the organisation's own OpenID provider instead of Cognito: what
 * wardroom:identity says reaches Synapse's oidc_providers on ECS (through the renderer the
 * local stack uses), and the client secret reaches the task only as a Secrets Manager
 * reference written to the file the config names.
 */
const SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:wardroom-oidc-AbCdEf";
let resources: RecordedResource[] = [];
beforeAll(async () => {
  resources = await mockPulumi(
    exampleStackConfig({
      "wardroom:identity": {
        provider: "oidc",
        issuer: "https://sso.example-health.org/realms/hospital",
        clientId: "wardroom-synapse",
        clientSecretArn: SECRET_ARN,
        scopes: ["openid", "profile", "roles"],
        localpartTemplate: "{{ user.preferred_username | lower }}",
        displayNameTemplate: "{{ user.given_name }} {{ user.family_name }}",
        groupsClaim: "realm_roles",
        backchannelLogout: true,
      },
    }),
    "oidc",
  );
  await runProgram();
}, 60_000);

function synapseContainers(): { instance: string; files: Record<string, string>; secrets: Props[] }[] {
  return ofType(resources, "aws:ecs/taskDefinition:TaskDefinition")
    .filter((t) => t.name.startsWith("homeserver-") && !t.name.includes("init"))
    .map((td) => {
      const synapse = (JSON.parse(td.inputs.containerDefinitions as string) as Props[]).find((d) => d.name === "synapse")!;
      const env = Object.fromEntries((synapse.environment as Props[]).map((e) => [e.name, e.value]));
      return { instance: env.SYNAPSE_INSTANCE as string, files: JSON.parse(env.WARDROOM_FILES) as Record<string, string>, secrets: synapse.secrets as Props[] };
    });
}

describe("the AWS program with the organisation's own OpenID provider", () => {
  it("renders the provider into every Synapse process's homeserver config, with the stack's settings over the policy's", () => {
    const containers = synapseContainers();
    expect(containers.map((c) => c.instance)).toContain("main");
    for (const c of containers) {
      const providers = (parse(c.files["/run/wardroom/homeserver.yaml"]!) as Props).oidc_providers as Props[];
      expect(providers, c.instance).toHaveLength(1);
      expect(providers[0], c.instance).toEqual({
        // From the policy (policies/hipaa.yaml): who the provider is to clients, and which groups may sign in.
        idp_id: "wardroom",
        idp_name: "Sign in with Example Health",
        allow_existing_users: true,
        pkce_method: "always",
        attribute_requirements: [{ attribute: "realm_roles", one_of: ["clinician", "admin", "security_officer", "helpdesk", "emergency", "auditor"] }],
        // From wardroom:identity.
        issuer: "https://sso.example-health.org/realms/hospital",
        client_id: "wardroom-synapse",
        client_secret_path: "/run/wardroom/secrets/oidc_client_secret",
        scopes: ["openid", "profile", "roles"],
        user_profile_method: "userinfo_endpoint",
        backchannel_logout_enabled: true,
        // Roles from the group claim at each login: SCIM's login hook, through the internal load balancer.
        user_mapping_provider: {
          module: "wardroom_synapse.sso_groups.GroupSyncMappingProvider",
          config: {
            localpart_template: "{{ user.preferred_username | lower }}",
            display_name_template: "{{ user.given_name }} {{ user.family_name }}",
            groups_claim: "realm_roles",
            callback_url: "https://matrix.example.org/_wardroom/identity/v1/sso_login",
            token_path: "/run/wardroom/secrets/sso_login_hook_token",
          },
        },
      });
    }
  });

  it("mounts the client secret from Secrets Manager as the file the config names, never inline", () => {
    for (const c of synapseContainers()) {
      expect(c.files["/run/wardroom/secrets/oidc_client_secret"], c.instance).toBe("${secret:OIDC_CLIENT_SECRET}");
      expect(c.secrets, c.instance).toContainEqual({ name: "WARDROOM_SECRET_OIDC_CLIENT_SECRET", valueFrom: SECRET_ARN });
    }
    // The task execution role may read it; the stack made no secret of its own for it.
    const policies = ofType(resources, "aws:iam/rolePolicy:RolePolicy").filter((r) => r.name === "homeserver-execution-secrets");
    expect(policies).toHaveLength(1);
    expect(String(policies[0]!.inputs.policy)).toContain(SECRET_ARN);
    expect(ofType(resources, "aws:secretsmanager/secret:Secret").filter((r) => r.name.includes("oidc-client"))).toEqual([]);
    expect(ofType(resources, "aws:cognito/userPool:UserPool")).toEqual([]);
  });
});
