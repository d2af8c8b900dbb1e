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
   * What differs between providers (an AWS stack sets these from `wardroom:identity`; the
   * local stack's development provider speaks the policy's claims and needs none). Each
   * replaces what the policy's identity.sso says.
   */
  overrides?: OidcProviderOverrides;
  /**
   * Where Synapse's login hands a person's groups to Wardroom (the identity service's SSO
   * login hook), and the file of its bearer token. With it, each login rewrites the person's
   * "sso" roles from the group claim (docs/identity.md).
   */
  groupSync?: { callbackUrl: string; tokenPath: string };
}

export interface OidcProviderOverrides {
  scopes?: string[];
  /** Jinja templates over the provider's claims, e.g. `{{ user["cognito:username"] }}`. */
  localpartTemplate?: string;
  displayNameTemplate?: string;
  /** The claim listing the person's groups; membership of a group the policy maps to a role is required. */
  groupsClaim?: string;
  /** Where the claims come from: the userinfo endpoint, or the id token ("auto"; Cognito puts groups only there). */
  userProfileMethod?: "userinfo_endpoint" | "auto";
  /** OpenID back-channel logout (the provider ends Synapse sessions); off for providers that cannot send it. */
  backchannelLogout?: boolean;
}

/** The Synapse `oidc_providers` entry for the policy's single sign-on (empty when it is off). */
export function renderOidcProviders(policy: Policy, oidc: OidcDeployment | undefined): Record<string, unknown>[] {
  const sso = policy.identity.sso;
  if (!sso.enabled || !oidc) return [];
  const o = oidc.overrides ?? {};
  return [
    {
      idp_id: sso.idpId,
      idp_name: sso.idpName,
      issuer: oidc.issuer,
      client_id: oidc.clientId,
      client_secret_path: oidc.clientSecretPath,
      scopes: o.scopes ?? sso.scopes,
      pkce_method: "always",
      user_profile_method: o.userProfileMethod ?? "userinfo_endpoint",
      // Staff accounts made before single sign-on (or by `wardroom users add`) are the same
      // people: the IdP's username maps onto them.
      allow_existing_users: true,
      backchannel_logout_enabled: o.backchannelLogout ?? true,
      // Only members of a group that maps to a Wardroom role may sign in at all.
      attribute_requirements: [{ attribute: o.groupsClaim ?? sso.groupsClaim, one_of: Object.keys(sso.groupRoles) }],
      user_mapping_provider: {
        ...(oidc.groupSync ? { module: "wardroom_synapse.sso_groups.GroupSyncMappingProvider" } : {}),
        config: {
          localpart_template: o.localpartTemplate ?? `{{ user.${sso.localpartClaim} }}`,
          display_name_template: o.displayNameTemplate ?? `{{ user.${sso.displayNameClaim} }}`,
          ...(oidc.groupSync ? { groups_claim: o.groupsClaim ?? sso.groupsClaim, callback_url: oidc.groupSync.callbackUrl, token_path: oidc.groupSync.tokenPath } : {}),
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
