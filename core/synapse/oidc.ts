import type { Policy } from "../policy/index.ts";

/**
 * Where the organisation's OpenID Connect provider is: a deployment setting (the local stack's
 * development provider, or the IdP an AWS stack is configured with). What is asked of it
 * (claims, groups, who may sign in) is policy.
 */
export interface OidcDeployment {
  issuer: string;
  clientId: string;
  /** A file holding the client secret (Synapse reads it at start; never inline). */
  clientSecretPath: string;
  /**
   * Skips Synapse's checks of the provider's metadata, which require https. Only for the local
   * stack's development provider on http://127.0.0.1; never for a real deployment.
   */
  insecureLocalIssuer?: boolean;
  /**
   * Where Synapse's login hands a person's groups to Wardroom (the identity service's SSO
   * login hook), and the file of its bearer token. With it, each login rewrites the person's
   * "sso" roles from the group claim (docs/identity.md).
   */
  groupSync?: { callbackUrl: string; tokenPath: string };
}

/** The Synapse `oidc_providers` entry for the policy's single sign-on (empty when it is off). */
export function renderOidcProviders(policy: Policy, oidc: OidcDeployment | undefined): Record<string, unknown>[] {
  const sso = policy.identity.sso;
  if (!sso.enabled || !oidc) return [];
  return [
    {
      idp_id: sso.idpId,
      idp_name: sso.idpName,
      issuer: oidc.issuer,
      client_id: oidc.clientId,
      client_secret_path: oidc.clientSecretPath,
      scopes: sso.scopes,
      pkce_method: "always",
      user_profile_method: "userinfo_endpoint",
      // Staff accounts made before single sign-on (or by `wardroom users add`) are the same
      // people: the IdP's username maps onto them.
      allow_existing_users: true,
      backchannel_logout_enabled: true,
      // Only members of a group that maps to a Wardroom role may sign in at all.
      attribute_requirements: [{ attribute: sso.groupsClaim, one_of: Object.keys(sso.groupRoles) }],
      user_mapping_provider: {
        ...(oidc.groupSync ? { module: "wardroom_synapse.sso_groups.GroupSyncMappingProvider" } : {}),
        config: {
          localpart_template: `{{ user.${sso.localpartClaim} }}`,
          display_name_template: `{{ user.${sso.displayNameClaim} }}`,
          ...(oidc.groupSync ? { groups_claim: sso.groupsClaim, callback_url: oidc.groupSync.callbackUrl, token_path: oidc.groupSync.tokenPath } : {}),
        },
      },
      ...(oidc.insecureLocalIssuer ? { skip_verification: true } : {}),
    },
  ];
}

/**
 * Wardroom's login policy module config: with single sign-on on, password logins are refused
 * for everyone but the accounts the policy names (the break-glass administrator, services).
 */
export function loginPolicyModule(policy: Policy, serverName: string): { module: string; config: Record<string, unknown> } {
  return {
    module: "wardroom_synapse.login_policy.LoginPolicy",
    config: {
      sso_enabled: policy.identity.sso.enabled,
      password_accounts: policy.identity.passwordAccounts.map((l) => `@${l}:${serverName}`),
    },
  };
}
