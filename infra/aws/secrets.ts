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
