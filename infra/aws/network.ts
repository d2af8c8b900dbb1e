import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { auditLogGroup } from "./storage.ts";

export interface NetworkArgs {
  cidr: string;
  natGateways: 1 | 3;
  logsKeyArn: pulumi.Input<string>;
  logRetentionDays: number;
  region: pulumi.Input<string>;
  tags: Record<string, string>;
}

/** The i-th /20 inside a /16 (or larger) VPC block: 3 zones x 3 tiers fit in a /16. */
export function subnetCidr(vpcCidr: string, index: number): string {
  const [ip, bits] = vpcCidr.split("/") as [string, string];
  if (Number(bits) > 16) throw new Error(`network.cidr: ${vpcCidr} must be a /16 or larger`);
  const base = ip.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
  const n = base + index * 4096;
  return `${[24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".")}/20`;
}

/** AWS services the tasks reach through interface endpoints, never through the internet. */
export const INTERFACE_ENDPOINTS = ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "kms", "sts", "sns", "sms-voice", "ecs", "monitoring"];

/**
 * VPC over three zones: public subnets (the load balancer, NAT), private app subnets (the
 * tasks, no public IPs) and isolated data subnets (database and cache: no route out at all).
 * Flow logs of all traffic go to an encrypted log group kept for the audit retention.
 */
export class Network extends pulumi.ComponentResource {
  readonly vpc: aws.ec2.Vpc;
  readonly publicSubnetIds: pulumi.Output<string>[];
  readonly appSubnetIds: pulumi.Output<string>[];
  readonly dataSubnetIds: pulumi.Output<string>[];
  readonly endpointSecurityGroup: aws.ec2.SecurityGroup;

  constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("wardroom:infra:Network", name, {}, opts);
    const parent = { parent: this };
    const zones = aws.getAvailabilityZonesOutput({ state: "available" }, parent).names.apply((n) => {
      if (n.length < 3) throw new Error("the region must have at least 3 availability zones");
      return n.slice(0, 3);
    });
    this.vpc = new aws.ec2.Vpc(name, { cidrBlock: args.cidr, enableDnsHostnames: true, enableDnsSupport: true, tags: { ...args.tags, Name: name } }, parent);
    // The default security group of the VPC allows nothing.
    new aws.ec2.DefaultSecurityGroup(`${name}-default-sg`, { vpcId: this.vpc.id, ingress: [], egress: [], tags: args.tags }, parent);

    const igw = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: this.vpc.id, tags: args.tags }, parent);
    const publicRt = new aws.ec2.RouteTable(`${name}-public`, { vpcId: this.vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }], tags: args.tags }, parent);
    const tiers = ["public", "app", "data"] as const;
    const subnets: Record<(typeof tiers)[number], aws.ec2.Subnet[]> = { public: [], app: [], data: [] };
    tiers.forEach((tier, t) => {
      for (let z = 0; z < 3; z++) {
        subnets[tier].push(
          new aws.ec2.Subnet(
            `${name}-${tier}-${z}`,
            {
              vpcId: this.vpc.id,
              cidrBlock: subnetCidr(args.cidr, t * 3 + z),
              availabilityZone: zones.apply((zs) => zs[z] as string),
              mapPublicIpOnLaunch: false,
              tags: { ...args.tags, Name: `${name}-${tier}-${z}`, "wardroom:tier": tier },
            },
            parent,
          ),
        );
      }
    });
    subnets.public.forEach((s, z) => new aws.ec2.RouteTableAssociation(`${name}-public-${z}`, { subnetId: s.id, routeTableId: publicRt.id }, parent));

    const nats = Array.from({ length: args.natGateways }, (_, z) => {
      const eip = new aws.ec2.Eip(`${name}-nat-${z}`, { domain: "vpc", tags: args.tags }, parent);
      return new aws.ec2.NatGateway(`${name}-nat-${z}`, { allocationId: eip.id, subnetId: (subnets.public[z] as aws.ec2.Subnet).id, tags: args.tags }, parent);
    });
    const appRts = subnets.app.map((s, z) => {
      const nat = nats[z % nats.length] as aws.ec2.NatGateway;
      const rt = new aws.ec2.RouteTable(`${name}-app-${z}`, { vpcId: this.vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nat.id }], tags: args.tags }, parent);
      new aws.ec2.RouteTableAssociation(`${name}-app-${z}`, { subnetId: s.id, routeTableId: rt.id }, parent);
      return rt;
    });
    // Data subnets: a route table with only the local route.
    const dataRt = new aws.ec2.RouteTable(`${name}-data`, { vpcId: this.vpc.id, routes: [], tags: args.tags }, parent);
    subnets.data.forEach((s, z) => new aws.ec2.RouteTableAssociation(`${name}-data-${z}`, { subnetId: s.id, routeTableId: dataRt.id }, parent));

    this.endpointSecurityGroup = new aws.ec2.SecurityGroup(
      `${name}-endpoints`,
      {
        vpcId: this.vpc.id,
        description: "AWS service endpoints: HTTPS from inside the VPC",
        ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [args.cidr], description: "HTTPS from the VPC" }],
        egress: [],
        tags: args.tags,
      },
      parent,
    );
    for (const svc of INTERFACE_ENDPOINTS) {
      new aws.ec2.VpcEndpoint(
        `${name}-${svc.replace(/\./g, "-")}`,
        {
          vpcId: this.vpc.id,
          serviceName: pulumi.interpolate`com.amazonaws.${args.region}.${svc}`,
          vpcEndpointType: "Interface",
          privateDnsEnabled: true,
          subnetIds: subnets.app.map((s) => s.id),
          securityGroupIds: [this.endpointSecurityGroup.id],
          tags: args.tags,
        },
        parent,
      );
    }
    new aws.ec2.VpcEndpoint(
      `${name}-s3`,
      { vpcId: this.vpc.id, serviceName: pulumi.interpolate`com.amazonaws.${args.region}.s3`, vpcEndpointType: "Gateway", routeTableIds: appRts.map((r) => r.id), tags: args.tags },
      parent,
    );

    const flowLogs = auditLogGroup(`${name}-flow-logs`, { kmsKeyArn: args.logsKeyArn, retentionDays: args.logRetentionDays, tags: args.tags }, parent);
    const flowRole = new aws.iam.Role(
      `${name}-flow-logs`,
      {
        assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "vpc-flow-logs.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
        tags: args.tags,
      },
      parent,
    );
    new aws.iam.RolePolicy(
      `${name}-flow-logs`,
      {
        role: flowRole.id,
        policy: flowLogs.arn.apply((arn) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"], Resource: [arn, `${arn}:*`] }],
          }),
        ),
      },
      parent,
    );
    new aws.ec2.FlowLog(`${name}-flow-log`, { vpcId: this.vpc.id, trafficType: "ALL", logDestinationType: "cloud-watch-logs", logDestination: flowLogs.arn, iamRoleArn: flowRole.arn, tags: args.tags }, parent);

    this.publicSubnetIds = subnets.public.map((s) => s.id);
    this.appSubnetIds = subnets.app.map((s) => s.id);
    this.dataSubnetIds = subnets.data.map((s) => s.id);
    this.registerOutputs({ vpcId: this.vpc.id });
  }
}
