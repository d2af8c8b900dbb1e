import { describe, expect, it } from "vitest";
import { parsePolicy } from "../../../core/policy/index.ts";
import { OIDC_PROVIDER_EXAMPLES } from "../../../core/synapse/oidcExamples.ts";
import { loginPolicyModule, renderOidcProviders } from "../../../core/synapse/oidc.ts";
import { readFileSync } from "node:fs";
import { defaultPolicyPath } from "../../../runtime/paths.ts";
import { policy } from "../consent/events.ts";

describe("renderOidcProviders", () => {
  for (const [name, example] of Object.entries(OIDC_PROVIDER_EXAMPLES)) {
    it(`renders Synapse's oidc_providers for ${example.title}`, () => {
      const [provider, ...more] = renderOidcProviders(policy, example.deployment);
      expect(more).toEqual([]);
      expect(provider).toEqual({
        idp_id: "wardroom",
        idp_name: policy.identity.sso.idpName,
        issuer: example.deployment.issuer,
        client_id: example.deployment.clientId,
        client_secret_path: example.deployment.clientSecretPath,
        scopes: ["openid", "profile", "groups"],
        pkce_method: "always",
        user_profile_method: "userinfo_endpoint",
        allow_existing_users: true,
        backchannel_logout_enabled: true,
        attribute_requirements: [{ attribute: "groups", one_of: ["clinician", "admin", "security_officer", "helpdesk", "emergency", "auditor"] }],
        user_mapping_provider: { config: { localpart_template: "{{ user.preferred_username }}", display_name_template: "{{ user.name }}" } },
      });
      // Never the metadata shortcut outside the local development provider.
      expect(provider).not.toHaveProperty("skip_verification");
      expect(name.length).toBeGreaterThan(0);
    });
  }

  it("skips the https metadata checks only when asked for the local development provider", () => {
    const [provider] = renderOidcProviders(policy, { issuer: "http://127.0.0.1:8092", clientId: "c", clientSecretPath: "/s", insecureLocalIssuer: true });
    expect(provider).toMatchObject({ skip_verification: true });
  });

  it("with a group sync hook, Wardroom's mapping provider hands the group claim to Wardroom at each login", () => {
    const [provider] = renderOidcProviders(policy, { ...OIDC_PROVIDER_EXAMPLES.okta.deployment, groupSync: { callbackUrl: "http://127.0.0.1:8094/_wardroom/identity/v1/sso_login", tokenPath: "/run/secrets/hook" } });
    expect(provider!.user_mapping_provider).toEqual({
      module: "wardroom_synapse.sso_groups.GroupSyncMappingProvider",
      config: {
        localpart_template: "{{ user.preferred_username }}",
        display_name_template: "{{ user.name }}",
        groups_claim: "groups",
        callback_url: "http://127.0.0.1:8094/_wardroom/identity/v1/sso_login",
        token_path: "/run/secrets/hook",
      },
    });
  });

  it("renders nothing when single sign-on is off or not deployed", () => {
    expect(renderOidcProviders({ ...policy, identity: { ...policy.identity, sso: { ...policy.identity.sso, enabled: false } } }, OIDC_PROVIDER_EXAMPLES.okta.deployment)).toEqual([]);
    expect(renderOidcProviders(policy, undefined)).toEqual([]);
  });

  it("keeps password logins only for the accounts the policy names", () => {
    expect(loginPolicyModule(policy, "example.org")).toEqual({
      module: "wardroom_synapse.login_policy.LoginPolicy",
      config: { sso_enabled: true, password_accounts: ["@admin:example.org", "@wardroom-bot:example.org"] },
    });
  });

  it("refuses single sign-on that maps no group to a role (nobody could sign in)", () => {
    const text = readFileSync(defaultPolicyPath, "utf8").replace(/groupRoles: \{[^}]*\}/, "groupRoles: {}");
    const res = parsePolicy(text);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.problems.map((p) => p.path)).toContain("identity.sso.groupRoles");
  });
});
