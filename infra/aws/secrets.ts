import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * A Secrets Manager secret holding a random value generated once: later deployments keep the
 * value (ignoreChanges), so a `pulumi up` never rotates a password under a running service.
 */
export function generatedSecret(
  name: string,
  args: { description: string; kmsKeyArn: pulumi.Input<string>; tags: Record<string, string>; length?: number; base32?: boolean },
  parent: pulumi.Resource,
): aws.secretsmanager.Secret {
  const secret = new aws.secretsmanager.Secret(name, { description: args.description, kmsKeyId: args.kmsKeyArn, recoveryWindowInDays: 30, tags: args.tags }, { parent });
  // base32 (A-Z, 2-7): what a TOTP secret is written in.
  const alphabet = args.base32 ? { excludeLowercase: true, excludeCharacters: "0189" } : {};
  const value = aws.secretsmanager.getRandomPasswordOutput({ passwordLength: args.length ?? 48, excludePunctuation: true, ...alphabet }, { parent });
  new aws.secretsmanager.SecretVersion(
    name,
    { secretId: secret.id, secretString: pulumi.secret(value.apply((v) => v.randomPassword ?? "")) },
    { parent, ignoreChanges: ["secretString"] },
  );
  return secret;
}

/** A secret whose value the operator sets after the first deployment (Twilio credentials). */
export function operatorSecret(name: string, args: { description: string; kmsKeyArn: pulumi.Input<string>; tags: Record<string, string> }, parent: pulumi.Resource): aws.secretsmanager.Secret {
  return new aws.secretsmanager.Secret(name, { description: args.description, kmsKeyId: args.kmsKeyArn, recoveryWindowInDays: 30, tags: args.tags }, { parent });
}

/**
 * The tokens Synapse and the apps share, each generated once: the SMS bridge's appservice
 * tokens, the control API's token, and (with single sign-on) the bearer token of SCIM's SSO
 * login hook, which is not the SCIM token so that Synapse can never provision.
 */
export class Tokens extends pulumi.ComponentResource {
  readonly appservice: { as: aws.secretsmanager.Secret; hs: aws.secretsmanager.Secret };
  readonly control: aws.secretsmanager.Secret;
  readonly ssoLoginHook?: aws.secretsmanager.Secret;
  /** The audit drain's bearer token for Synapse's audit spool (every Synapse process checks it). */
  readonly auditDrain: aws.secretsmanager.Secret;

  constructor(name: string, args: { kmsKeyArn: pulumi.Input<string>; ssoLoginHook: boolean; tags: Record<string, string> }, opts?: pulumi.ComponentResourceOptions) {
    super("wardroom:infra:Tokens", name, {}, opts);
    const common = { kmsKeyArn: args.kmsKeyArn, tags: args.tags };
    this.appservice = {
      as: generatedSecret(`${name}-appservice-as`, { description: "SMS bridge appservice as_token", ...common }, this),
      hs: generatedSecret(`${name}-appservice-hs`, { description: "SMS bridge appservice hs_token", ...common }, this),
    };
    this.control = generatedSecret(`${name}-control`, { description: "Control API token shared by the bridge, the bots and the console", ...common }, this);
    this.auditDrain = generatedSecret(`${name}-audit-drain`, { description: "Bearer token the audit drain sends to Synapse's audit spool (wardroom_synapse.HomeserverPolicy)", ...common, length: 64 }, this);
    if (args.ssoLoginHook) this.ssoLoginHook = generatedSecret(`${name}-sso-login-hook`, { description: "Bearer token Synapse's SSO login sends to SCIM's login hook (roles from groups)", ...common }, this);
    this.registerOutputs({ appserviceAs: this.appservice.as.arn, appserviceHs: this.appservice.hs.arn, control: this.control.arn, auditDrain: this.auditDrain.arn, ...(this.ssoLoginHook ? { ssoLoginHook: this.ssoLoginHook.arn } : {}) });
  }
}
