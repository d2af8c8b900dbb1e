import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface ComputeArgs {
  vpcId: pulumi.Input<string>;
  albSecurityGroupIds: pulumi.Input<string>[];
  /** The internal ALB's security group: Compute lets the task security groups (and only them) reach it. */
  internalAlbSecurityGroupId: pulumi.Input<string>;
  logsKeyArn: pulumi.Input<string>;
  tags: Record<string, string>;
}

/**
 * Where the tasks run: the ECS cluster (Container Insights on), the private DNS namespace
 * for Synapse's instance_map, and the tasks' security groups (Synapse: HTTPS from the load
 * balancers, replication and metrics only from each other; apps: their TLS port from the
 * load balancers); the internal load balancer admits HTTPS from those two groups only.
 */
export class Compute extends pulumi.ComponentResource {
  readonly cluster: aws.ecs.Cluster;
  readonly namespace: aws.servicediscovery.PrivateDnsNamespace;
  readonly synapseSecurityGroup: aws.ec2.SecurityGroup;
  readonly appSecurityGroup: aws.ec2.SecurityGroup;

  constructor(name: string, args: ComputeArgs, opts?: pulumi.ComponentResourceOptions) {
    super("wardroom:infra:Compute", name, {}, opts);
    const parent = { parent: this };
    this.cluster = new aws.ecs.Cluster(
      `${name}-cluster`,
      {
        settings: [{ name: "containerInsights", value: "enhanced" }],
        configuration: { executeCommandConfiguration: { kmsKeyId: args.logsKeyArn, logging: "DEFAULT" } },
        tags: args.tags,
      },
      parent,
    );
    this.namespace = new aws.servicediscovery.PrivateDnsNamespace(`${name}-ns`, { name: `synapse.${pulumi.getStack()}.wardroom.internal`, vpc: args.vpcId, description: "Synapse instance_map names", tags: args.tags }, parent);
    const egress = [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"], description: "AWS endpoints, database, cache, push gateways (through NAT)" }];
    this.synapseSecurityGroup = new aws.ec2.SecurityGroup(
      `${name}-synapse`,
      {
        vpcId: args.vpcId,
        description: "Synapse tasks",
        ingress: [
          { protocol: "tcp", fromPort: 8008, toPort: 8008, securityGroups: args.albSecurityGroupIds, description: "HTTPS from the load balancers" },
          { protocol: "tcp", fromPort: 8008, toPort: 9093, self: true, description: "HTTP, replication and metrics between Synapse processes" },
        ],
        egress,
        tags: args.tags,
      },
      parent,
    );
    this.appSecurityGroup = new aws.ec2.SecurityGroup(
      `${name}-apps`,
      {
        vpcId: args.vpcId,
        description: "Wardroom bridge, bots and console",
        ingress: [{ protocol: "tcp", fromPort: 8443, toPort: 8443, securityGroups: args.albSecurityGroupIds, description: "HTTPS from the load balancers" }],
        egress,
        tags: args.tags,
      },
      parent,
    );
    // The internal ALB: HTTPS from the tasks only. Synapse reaches the bridge (appservice
    // transactions) and SCIM's SSO login hook through it; the bridge, the bots, the console and
    // SCIM reach Synapse and the bridge's control API. Standalone rules: the task groups refer
    // to the load balancers' groups, so inline rules both ways would be a cycle.
    const internalAlbFrom = (id: string, sg: aws.ec2.SecurityGroup, description: string) =>
      new aws.vpc.SecurityGroupIngressRule(
        `${name}-internal-alb-from-${id}`,
        { securityGroupId: args.internalAlbSecurityGroupId, referencedSecurityGroupId: sg.id, ipProtocol: "tcp", fromPort: 443, toPort: 443, description, tags: args.tags },
        parent,
      );
    internalAlbFrom("synapse", this.synapseSecurityGroup, "HTTPS from the Synapse tasks (appservice transactions, the SSO login hook, the admin API)");
    internalAlbFrom("apps", this.appSecurityGroup, "HTTPS from the app tasks (the homeserver, the bridge's control API)");
    this.registerOutputs({ cluster: this.cluster.name });
  }
}
