import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { OidcProviderOverrides } from "../../core/synapse/oidc.ts";
import type { WardroomStackConfig } from "./config.ts";

/**
 * How Synapse reads a Cognito pool's claims: the pool (below) signs people in by email, puts
 * their groups only in the id token (as cognito:groups) and cannot send back-channel logouts.
 * Each can be replaced in wardroom:identity.
 */
export const COGNITO_OIDC_DEFAULTS: Required<OidcProviderOverrides> = {
  scopes: ["openid", "email", "profile"],
  localpartTemplate: '{{ user.email.split("@")[0] | lower }}',
  displayNameTemplate: "{{ user.name or user.email }}",
  groupsClaim: "cognito:groups",
  userProfileMethod: "auto",
  backchannelLogout: false,
};

/** The provider settings of wardroom:identity that replace the policy's (core/synapse/oidc.ts). */
export function oidcOverrides(s: WardroomStackConfig["identity"]): OidcProviderOverrides {
  const given: OidcProviderOverrides = {};
  for (const key of ["scopes", "localpartTemplate", "displayNameTemplate", "groupsClaim", "userProfileMethod", "backchannelLogout"] as const) {
    if (s[key] !== undefined) (given as Record<string, unknown>)[key] = s[key];
  }
  return s.provider === "cognito" ? { ...COGNITO_OIDC_DEFAULTS, ...given } : given;
}

export interface IdentityArgs {
  settings: WardroomStackConfig["identity"];
  domain: string;
  /** The console's host: its OpenID redirect is https://<consoleDomain>/login/callback. */
  consoleDomain: string;
  dataKeyArn: pulumi.Input<string>;
  tags: Record<string, string>;
}

/**
 * Who signs people in: a Cognito user pool (MFA required, threat protection enforced,
 * accounts created by administrators only) or the organisation's own OpenID provider. Synapse
 * is the OpenID client (its callback is /_synapse/client/oidc/callback). Matrix
 * Authentication Service (for Element X) is an option: it needs its own image and config.
 */
export class Identity extends pulumi.ComponentResource {
  readonly issuer: pulumi.Output<string>;
  readonly clientId: pulumi.Output<string>;
  /** The Secrets Manager secret with Synapse's client secret (mounted as a file in the Synapse tasks). */
  readonly clientSecretArn: pulumi.Output<string>;
  readonly overrides: OidcProviderOverrides;
  /**
   * The admin console's client at the same provider. Cognito: a client of its own (its own
   * secret and redirect URI). An external provider: Synapse's client, which the operator
   * also allows the console's redirect URI (docs/aws.md), so there is one secret to manage.
   */
  readonly consoleClientId: pulumi.Output<string>;
  readonly consoleClientSecretArn: pulumi.Output<string>;
  readonly userPool?: aws.cognito.UserPool;

  constructor(name: string, args: IdentityArgs, opts?: pulumi.ComponentResourceOptions) {
    super("wardroom:infra:Identity", name, {}, opts);
    const parent = { parent: this };
    const s = args.settings;
    this.overrides = oidcOverrides(s);
    if (s.provider === "oidc") {
      // Absent only with single sign-on off (checkIdentityAgainstPolicy): then nothing reads them.
      this.issuer = pulumi.output(s.issuer ?? "");
      this.clientId = pulumi.output(s.clientId ?? "");
      this.clientSecretArn = s.clientSecretArn
        ? pulumi.output(s.clientSecretArn)
        : new aws.secretsmanager.Secret(`${name}-oidc-client`, { description: "Client secret of Synapse at the organisation's OpenID provider (set by the operator)", kmsKeyId: args.dataKeyArn, recoveryWindowInDays: 30, tags: args.tags }, parent).arn;
      this.consoleClientId = this.clientId;
      this.consoleClientSecretArn = this.clientSecretArn;
    } else {
      this.userPool = new aws.cognito.UserPool(
        `${name}-users`,
        {
          mfaConfiguration: "ON",
          softwareTokenMfaConfiguration: { enabled: true },
          adminCreateUserConfig: { allowAdminCreateUserOnly: true },
          passwordPolicy: { minimumLength: 14, requireLowercase: true, requireUppercase: true, requireNumbers: true, requireSymbols: true, temporaryPasswordValidityDays: 3 },
          userPoolTier: "PLUS",
          userPoolAddOns: { advancedSecurityMode: "ENFORCED" },
          accountRecoverySetting: { recoveryMechanisms: [{ name: "verified_email", priority: 1 }] },
          deletionProtection: "ACTIVE",
          usernameAttributes: ["email"],
          autoVerifiedAttributes: ["email"],
          tags: args.tags,
        },
        { parent: this, protect: true },
      );
      new aws.cognito.UserPoolDomain(`${name}-domain`, { userPoolId: this.userPool.id, domain: `wardroom-${pulumi.getStack()}-${args.domain.split(".")[0]}`.toLowerCase().slice(0, 63) }, parent);
      // An app client with its secret kept in Secrets Manager (the tasks get it as a file).
      const pool = this.userPool;
      const appClient = (id: string, who: string, scopes: string[], callbackUrl: string) => {
        const client = new aws.cognito.UserPoolClient(
          `${name}-${id}`,
          {
            userPoolId: pool.id,
            generateSecret: true,
            allowedOauthFlowsUserPoolClient: true,
            allowedOauthFlows: ["code"],
            allowedOauthScopes: scopes,
            callbackUrls: [callbackUrl],
            supportedIdentityProviders: ["COGNITO"],
            preventUserExistenceErrors: "ENABLED",
            enableTokenRevocation: true,
            accessTokenValidity: 60,
            idTokenValidity: 60,
            refreshTokenValidity: 1,
            tokenValidityUnits: { accessToken: "minutes", idToken: "minutes", refreshToken: "days" },
          },
          parent,
        );
        const secretName = id === "synapse" ? `${name}-oidc-client` : `${name}-${id}-oidc-client`;
        const secret = new aws.secretsmanager.Secret(secretName, { description: `Client secret of ${who} at the Cognito user pool`, kmsKeyId: args.dataKeyArn, recoveryWindowInDays: 30, tags: args.tags }, parent);
        new aws.secretsmanager.SecretVersion(secretName, { secretId: secret.id, secretString: client.clientSecret }, parent);
        return { id: client.id, secretArn: secret.arn };
      };
      // What Synapse asks for (wardroom:identity.scopes, Cognito's defaults otherwise).
      const synapse = appClient("synapse", "Synapse", this.overrides.scopes ?? COGNITO_OIDC_DEFAULTS.scopes, `https://${args.domain}/_synapse/client/oidc/callback`);
      // The same scopes for the console (it reads the same claims: the groups for its roles).
      const consoleClient = appClient("console", "the admin console", this.overrides.scopes ?? COGNITO_OIDC_DEFAULTS.scopes, `https://${args.consoleDomain}/login/callback`);
      this.issuer = pulumi.interpolate`https://cognito-idp.${aws.getRegionOutput({}, parent).region}.amazonaws.com/${this.userPool.id}`;
      this.clientId = synapse.id;
      this.clientSecretArn = synapse.secretArn;
      this.consoleClientId = consoleClient.id;
      this.consoleClientSecretArn = consoleClient.secretArn;
      for (const group of ["clinician", "admin", "security_officer", "helpdesk", "emergency", "auditor"]) {
        new aws.cognito.UserGroup(`${name}-group-${group.replace("_", "-")}`, { userPoolId: this.userPool.id, name: group, description: `Wardroom role: ${group}` }, parent);
      }
    }
    this.registerOutputs({ issuer: this.issuer, clientId: this.clientId, matrixAuthenticationService: s.matrixAuthenticationService });
  }
}
