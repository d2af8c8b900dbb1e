import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { WardroomStackConfig } from "./config.ts";

export interface CacheArgs {
  settings: WardroomStackConfig["cache"];
  vpcId: pulumi.Input<string>;
  subnetIds: pulumi.Input<string>[];
  clientSecurityGroupIds: pulumi.Input<string>[];
  dataKeyArn: pulumi.Input<string>;
  tags: Record<string, string>;
}

/**
 * ElastiCache Redis for Synapse's replication between workers: TLS in transit, KMS at rest,
 * an AUTH token from Secrets Manager, automatic failover across zones.
 */
export class Cache extends pulumi.ComponentResource {
  readonly replicationGroup: aws.elasticache.ReplicationGroup;
  readonly authSecret: aws.secretsmanager.Secret;
  readonly securityGroup: aws.ec2.SecurityGroup;

  constructor(name: string, args: CacheArgs, opts?: pulumi.ComponentResourceOptions) {
    super("wardroom:infra:Cache", name, {}, opts);
    const parent = { parent: this };
    this.securityGroup = new aws.ec2.SecurityGroup(
      `${name}-sg`,
      {
        vpcId: args.vpcId,
        description: "Redis from the Synapse tasks only",
        ingress: [{ protocol: "tcp", fromPort: 6379, toPort: 6379, securityGroups: args.clientSecurityGroupIds, description: "Redis (TLS) from Synapse" }],
        egress: [],
        tags: args.tags,
      },
      parent,
    );
    const subnets = new aws.elasticache.SubnetGroup(`${name}-subnets`, { subnetIds: args.subnetIds, description: "Wardroom data subnets", tags: args.tags }, parent);
    // AUTH tokens allow printable ASCII without @, " and /; letters and digits are always safe.
    const token = aws.secretsmanager.getRandomPasswordOutput({ passwordLength: 64, excludePunctuation: true }, parent).apply((v) => v.randomPassword ?? "");
    this.authSecret = new aws.secretsmanager.Secret(`${name}-auth`, { description: "Wardroom Redis AUTH token", kmsKeyId: args.dataKeyArn, recoveryWindowInDays: 30, tags: args.tags }, parent);
    const version = new aws.secretsmanager.SecretVersion(`${name}-auth`, { secretId: this.authSecret.id, secretString: pulumi.secret(token) }, { parent: this, ignoreChanges: ["secretString"] });
    const failover = args.settings.replicas > 0;
    this.replicationGroup = new aws.elasticache.ReplicationGroup(
      `${name}-redis`,
      {
        description: "Wardroom: Synapse replication and caches",
        engine: "redis",
        engineVersion: "7.1",
        nodeType: args.settings.nodeType,
        numCacheClusters: 1 + args.settings.replicas,
        automaticFailoverEnabled: failover,
        multiAzEnabled: failover,
        port: 6379,
        subnetGroupName: subnets.name,
        securityGroupIds: [this.securityGroup.id],
        atRestEncryptionEnabled: true,
        kmsKeyId: args.dataKeyArn,
        transitEncryptionEnabled: true,
        transitEncryptionMode: "required",
        authToken: version.secretString.apply((v) => v ?? ""),
        snapshotRetentionLimit: 7,
        autoMinorVersionUpgrade: true,
        tags: args.tags,
      },
      { parent: this, ignoreChanges: ["authToken"] },
    );
    this.registerOutputs({ endpoint: this.replicationGroup.primaryEndpointAddress });
  }
}
