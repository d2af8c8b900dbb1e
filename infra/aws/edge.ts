import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { auditLogGroup, SecureBucket } from "./storage.ts";

export interface EdgeArgs {
  domain: string;
  consoleDomain: string;
  certificateArn: string;
  sslPolicy: string;
  wafRateLimit: number;
  adminNetworks: string[];
  vpcId: pulumi.Input<string>;
  vpcCidr: string;
  publicSubnetIds: pulumi.Input<string>[];
  appSubnetIds: pulumi.Input<string>[];
  logsKeyArn: pulumi.Input<string>;
  logRetentionDays: number;
  tags: Record<string, string>;
}

/** Paths only the configured admin networks may reach (with everything on the console host). */
export const ADMIN_PATH_PREFIXES = ["/_synapse/admin", "/scim"];

/**
 * The way in: a public ALB (TLS 1.3 policy, HTTP redirected to HTTPS, invalid headers dropped,
 * access logs, deletion protection) behind WAF (AWS managed rules, a per-IP rate limit, the
 * admin API and console limited to the admin networks), and an internal ALB with the same
 * rules for the tasks inside the VPC, reached by the same name through a private zone, so
 * the bots talk TLS to the homeserver without leaving the VPC.
 */
export class Edge extends pulumi.ComponentResource {
  readonly publicAlb: aws.lb.LoadBalancer;
  readonly internalAlb: aws.lb.LoadBalancer;
  /** HTTPS listeners (public, internal): the homeserver and the apps add their rules to both. */
  readonly httpsListeners: aws.lb.Listener[];
  readonly albSecurityGroup: aws.ec2.SecurityGroup;
  readonly internalAlbSecurityGroup: aws.ec2.SecurityGroup;
  readonly webAcl: aws.wafv2.WebAcl;

  constructor(name: string, args: EdgeArgs, opts?: pulumi.ComponentResourceOptions) {
    super("wardroom:infra:Edge", name, {}, opts);
    const parent = { parent: this };
    const elbAccount = aws.elb.getServiceAccountOutput({}, parent);
    const logs = new SecureBucket(
      `${name}-alb-logs`,
      {
        // ALB access logs support SSE-S3 only.
        blockPublicAccess: true,
        extraStatements: pulumi.all([elbAccount.arn]).apply(([elbArn]) => [
          { Sid: "AlbAccessLogs", Effect: "Allow", Principal: { AWS: elbArn }, Action: "s3:PutObject", Resource: `arn:aws:s3:::*` },
        ]),
        tags: { ...args.tags, "wardroom:purpose": "alb-logs" },
      },
      parent,
    );

    this.albSecurityGroup = new aws.ec2.SecurityGroup(
      `${name}-public-alb`,
      {
        vpcId: args.vpcId,
        description: "Public ALB: HTTPS and the HTTP redirect",
        ingress: [
          { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], description: "HTTPS" },
          { protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["0.0.0.0/0"], description: "HTTP, redirected to HTTPS" },
        ],
        egress: [{ protocol: "tcp", fromPort: 0, toPort: 65535, cidrBlocks: [args.vpcCidr], description: "to the tasks" }],
        // The one group the guardrails let admit the internet (policy no-open-ingress), on 80 and 443 only.
        tags: { ...args.tags, "wardroom:purpose": "public-load-balancer" },
      },
      parent,
    );
    this.internalAlbSecurityGroup = new aws.ec2.SecurityGroup(
      `${name}-internal-alb`,
      {
        vpcId: args.vpcId,
        description: "Internal ALB: HTTPS from the Wardroom tasks",
        // No inline ingress: Compute adds one rule per task security group (HTTPS from the
        // Synapse tasks and from the app tasks, nothing else in the VPC), which it creates after this.
        egress: [{ protocol: "tcp", fromPort: 0, toPort: 65535, cidrBlocks: [args.vpcCidr], description: "to the tasks" }],
        tags: args.tags,
      },
      parent,
    );
    const alb = (kind: "public" | "internal", sg: aws.ec2.SecurityGroup, subnets: pulumi.Input<string>[]) =>
      new aws.lb.LoadBalancer(
        `${name}-${kind}`,
        {
          loadBalancerType: "application",
          internal: kind === "internal",
          securityGroups: [sg.id],
          subnets,
          dropInvalidHeaderFields: true,
          desyncMitigationMode: "strictest",
          enableDeletionProtection: true,
          idleTimeout: 180, // long-polling /sync holds requests for up to 30 s (clients ask more)
          accessLogs: { bucket: logs.bucket.bucket, prefix: kind, enabled: true },
          tags: args.tags,
        },
        { parent: this, protect: true },
      );
    this.publicAlb = alb("public", this.albSecurityGroup, args.publicSubnetIds);
    this.internalAlb = alb("internal", this.internalAlbSecurityGroup, args.appSubnetIds);

    new aws.lb.Listener(
      `${name}-http`,
      {
        loadBalancerArn: this.publicAlb.arn,
        port: 80,
        protocol: "HTTP",
        defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
        tags: args.tags,
      },
      parent,
    );
    const notFound = { type: "fixed-response", fixedResponse: { contentType: "application/json", statusCode: "404", messageBody: '{"errcode":"M_UNRECOGNIZED","error":"Unrecognized request"}' } };
    this.httpsListeners = [this.publicAlb, this.internalAlb].map(
      (lb, i) =>
        new aws.lb.Listener(
          `${name}-https-${i === 0 ? "public" : "internal"}`,
          { loadBalancerArn: lb.arn, port: 443, protocol: "HTTPS", sslPolicy: args.sslPolicy, certificateArn: args.certificateArn, defaultActions: [notFound], tags: args.tags },
          parent,
        ),
    );

    // Inside the VPC the homeserver's name resolves to the internal ALB.
    const zone = new aws.route53.Zone(`${name}-private`, { name: args.domain, vpcs: [{ vpcId: args.vpcId }], comment: "Wardroom: homeserver name inside the VPC", tags: args.tags }, parent);
    new aws.route53.Record(
      `${name}-private-apex`,
      { zoneId: zone.zoneId, name: args.domain, type: "A", aliases: [{ name: this.internalAlb.dnsName, zoneId: this.internalAlb.zoneId, evaluateTargetHealth: true }] },
      parent,
    );

    const adminSet = new aws.wafv2.IpSet(`${name}-admin-networks`, { scope: "REGIONAL", ipAddressVersion: "IPV4", addresses: args.adminNetworks, description: "Networks allowed to reach the admin API and the console", tags: args.tags }, parent);
    const managed = (priority: number, ruleName: string) => ({
      name: ruleName,
      priority,
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: "AWS", name: ruleName } },
      visibilityConfig: { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: false, metricName: ruleName },
    });
    const adminPath = (prefix: string) => ({
      byteMatchStatement: { fieldToMatch: { uriPath: {} }, positionalConstraint: "STARTS_WITH", searchString: prefix, textTransformations: [{ priority: 0, type: "NONE" }] },
    });
    const consoleHost = {
      byteMatchStatement: { fieldToMatch: { singleHeader: { name: "host" } }, positionalConstraint: "EXACTLY", searchString: args.consoleDomain, textTransformations: [{ priority: 0, type: "LOWERCASE" }] },
    };
    this.webAcl = new aws.wafv2.WebAcl(
      `${name}-waf`,
      {
        scope: "REGIONAL",
        description: "Wardroom edge: managed rules, rate limit, admin networks",
        defaultAction: { allow: {} },
        rules: [
          {
            name: "admin-networks-only",
            priority: 0,
            action: { block: {} },
            statement: {
              andStatement: {
                statements: [
                  { orStatement: { statements: [...ADMIN_PATH_PREFIXES.map(adminPath), consoleHost] } },
                  { notStatement: { statement: { ipSetReferenceStatement: { arn: adminSet.arn } } } },
                ],
              },
            },
            visibilityConfig: { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: false, metricName: "admin-networks-only" },
          },
          {
            name: "rate-limit",
            priority: 1,
            action: { block: {} },
            statement: { rateBasedStatement: { limit: args.wafRateLimit, aggregateKeyType: "IP" } },
            visibilityConfig: { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: false, metricName: "rate-limit" },
          },
          managed(2, "AWSManagedRulesAmazonIpReputationList"),
          managed(3, "AWSManagedRulesKnownBadInputsRuleSet"),
          // Matrix bodies (encrypted events, key uploads) trip the common rule set's size and
          // XSS heuristics; it still runs, in count mode for those two rules.
          {
            ...managed(4, "AWSManagedRulesCommonRuleSet"),
            statement: {
              managedRuleGroupStatement: {
                vendorName: "AWS",
                name: "AWSManagedRulesCommonRuleSet",
                ruleActionOverrides: [
                  { name: "SizeRestrictions_BODY", actionToUse: { count: {} } },
                  { name: "CrossSiteScripting_BODY", actionToUse: { count: {} } },
                ],
              },
            },
          },
        ],
        visibilityConfig: { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: false, metricName: `${name}-waf` },
        tags: args.tags,
      },
      parent,
    );
    new aws.wafv2.WebAclAssociation(`${name}-waf`, { resourceArn: this.publicAlb.arn, webAclArn: this.webAcl.arn }, parent);
    const wafLogs = auditLogGroup(`${name}-waf-logs`, { name: `aws-waf-logs-wardroom-${pulumi.getStack()}`, kmsKeyArn: args.logsKeyArn, retentionDays: args.logRetentionDays, tags: args.tags }, parent);
    new aws.wafv2.WebAclLoggingConfiguration(
      `${name}-waf-logs`,
      {
        resourceArn: this.webAcl.arn,
        logDestinationConfigs: [wafLogs.arn],
        // Never log credentials.
        redactedFields: [{ singleHeader: { name: "authorization" } }, { singleHeader: { name: "cookie" } }, { queryString: {} }],
      },
      parent,
    );
    this.registerOutputs({ publicDnsName: this.publicAlb.dnsName, internalDnsName: this.internalAlb.dnsName });
  }
}
