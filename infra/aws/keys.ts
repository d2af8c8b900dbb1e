import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface KeysArgs {
  accountId: pulumi.Input<string>;
  region: pulumi.Input<string>;
  tags: Record<string, string>;
}

/**
 * KMS keys, one per kind of data so that access can be granted and audited separately:
 * `data` (database, cache, media, secrets, backups), `logs` (CloudWatch Logs, flow logs),
 * `audit` (CloudTrail, the audit archive). All rotate yearly.
 */
export class Keys extends pulumi.ComponentResource {
  readonly data: aws.kms.Key;
  readonly logs: aws.kms.Key;
  readonly audit: aws.kms.Key;

  constructor(name: string, args: KeysArgs, opts?: pulumi.ComponentResourceOptions) {
    super("wardroom:infra:Keys", name, {}, opts);
    const root = pulumi.interpolate`arn:aws:iam::${args.accountId}:root`;
    const policy = (services: string[]) =>
      pulumi.all([root, args.region, args.accountId]).apply(([rootArn, region, accountId]) =>
        JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            { Sid: "AccountAdministers", Effect: "Allow", Principal: { AWS: rootArn }, Action: "kms:*", Resource: "*" },
            ...(services.length
              ? [
                  {
                    Sid: "ServicesEncrypt",
                    Effect: "Allow",
                    Principal: { Service: services.map((s) => s.replace("{region}", region)) },
                    Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                    Resource: "*",
                    Condition: { StringEquals: { "aws:SourceAccount": accountId } },
                  },
                ]
              : []),
          ],
        }),
      );
    const key = (kind: string, description: string, services: string[]) => {
      const k = new aws.kms.Key(
        `${name}-${kind}`,
        { description, enableKeyRotation: true, rotationPeriodInDays: 365, deletionWindowInDays: 30, policy: policy(services), tags: { ...args.tags, "wardroom:key": kind } },
        { parent: this, protect: true },
      );
      new aws.kms.Alias(`${name}-${kind}-alias`, { name: `alias/wardroom/${pulumi.getStack()}/${kind}`, targetKeyId: k.keyId }, { parent: this });
      return k;
    };
    this.data = key("data", "Wardroom data at rest: database, cache, media, secrets, backups", ["sns.amazonaws.com", "sms-voice.amazonaws.com"]);
    this.logs = key("logs", "Wardroom logs: CloudWatch Logs and VPC flow logs", ["logs.{region}.amazonaws.com", "delivery.logs.amazonaws.com"]);
    this.audit = key("audit", "Wardroom audit: CloudTrail and the audit archive", ["cloudtrail.amazonaws.com", "config.amazonaws.com"]);
    this.registerOutputs({ data: this.data.arn, logs: this.logs.arn, audit: this.audit.arn });
  }
}
