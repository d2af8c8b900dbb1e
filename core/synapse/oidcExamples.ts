import type { OidcDeployment } from "./oidc.ts";

/**
 * Where the common identity providers put their OpenID Connect issuer, for docs/identity.md and
 * its test. Tenant, domain, realm and pool ids are placeholders to replace.
 */
export const OIDC_PROVIDER_EXAMPLES: Record<"entra" | "okta" | "keycloak" | "cognito", { title: string; deployment: OidcDeployment; groupsNote: string }> = {
  entra: {
    title: "Microsoft Entra ID",
    deployment: { issuer: "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0", clientId: "11111111-1111-1111-1111-111111111111", clientSecretPath: "/run/secrets/oidc-client-secret" },
    groupsNote: "App registration -> Token configuration -> Add groups claim (security groups, emitted as object ids or sAMAccountName); map those values in identity.sso.groupRoles.",
  },
  okta: {
    title: "Okta",
    deployment: { issuer: "https://example-health.okta.com/oauth2/default", clientId: "0oa1example2client3", clientSecretPath: "/run/secrets/oidc-client-secret" },
    groupsNote: "Authorization server -> Claims -> add a `groups` claim (ID token, filter: matches regex `wardroom-.*`), and the `groups` scope.",
  },
  keycloak: {
    title: "Keycloak",
    deployment: { issuer: "https://sso.example-health.org/realms/hospital", clientId: "wardroom", clientSecretPath: "/run/secrets/oidc-client-secret" },
    groupsNote: "Client scopes -> add a `groups` scope with a Group Membership mapper (claim name `groups`, full group path off).",
  },
  cognito: {
    title: "Amazon Cognito",
    deployment: { issuer: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_EXAMPLE", clientId: "example-app-client-id", clientSecretPath: "/run/secrets/oidc-client-secret" },
    groupsNote: "User pool groups arrive as the `cognito:groups` claim: set identity.sso.groupsClaim to cognito_groups via a pre-token-generation trigger, or map the claim name your pool emits.",
  },
};
