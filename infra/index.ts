import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { InputError } from "../core/errors.ts";
import { parsePolicy } from "../core/policy/index.ts";
import { buildTopology } from "../core/synapse/topology.ts";
import { repoRoot } from "../runtime/paths.ts";
import { Apps, ssoLoginHookUrl } from "./aws/apps.ts";
import { Audit } from "./aws/audit.ts";
import { Cache } from "./aws/cache.ts";
import { Compute } from "./aws/compute.ts";
import { checkIdentityAgainstPolicy, parseStackConfig } from "./aws/config.ts";
import { Database } from "./aws/database.ts";
import { Edge } from "./aws/edge.ts";
import { Homeserver } from "./aws/homeserver.ts";
import { Identity } from "./aws/identity.ts";
import { Keys } from "./aws/keys.ts";
import { Media } from "./aws/media.ts";
import { Network } from "./aws/network.ts";
import { Tokens } from "./aws/secrets.ts";

/**
 * The Pulumi program of the AWS deployment (Pulumi.yaml points here). It reads the
 * `wardroom:` stack config and the organisation's policy, builds Synapse's worker topology
 * from core/ and creates the components in infra/aws/. Nothing here holds a rule of its own:
 * the policy says what Synapse does, the components say how AWS runs it, and the policy pack
 * (policies/guardrails) refuses anything insecure.
 */

const ns = "wardroom:";
const raw: Record<string, string> = {};
for (const [key, value] of Object.entries(pulumi.runtime.allConfig())) {
  if (key.startsWith(ns)) raw[key.slice(ns.length)] = value;
}
const cfg = parseStackConfig(raw);

const policyPath = resolve(repoRoot, cfg.policyFile);
let policyText: string;
try {
  policyText = readFileSync(policyPath, "utf8");
} catch {
  throw new InputError(`wardroom:policyFile: cannot read ${policyPath}`);
}
const parsedPolicy = parsePolicy(policyText);
if (!parsedPolicy.ok) throw new InputError(`wardroom:policyFile: ${cfg.policyFile} is not a valid policy (run \`npm run wardroom -- policy check ${cfg.policyFile}\`)`);
const policy = parsedPolicy.policy;
checkIdentityAgainstPolicy(cfg.identity, policy, cfg.policyFile);
const topology = buildTopology(cfg.workers);

const tags = { "wardroom:stack": pulumi.getStack(), "wardroom:managed-by": "pulumi", ...cfg.tags };
const accountId = aws.getCallerIdentityOutput({}).accountId;
const region = aws.getRegionOutput({}).region;
const retention = cfg.audit.logRetentionDays;

const keys = new Keys("keys", { accountId, region, tags });
const network = new Network("network", { cidr: cfg.network.cidr, natGateways: cfg.network.natGateways, logsKeyArn: keys.logs.arn, logRetentionDays: retention, region, tags });
const edge = new Edge("edge", {
  domain: cfg.domain,
  consoleDomain: cfg.consoleDomain,
  certificateArn: cfg.certificateArn,
  sslPolicy: cfg.edge.sslPolicy,
  wafRateLimit: cfg.edge.wafRateLimit,
  adminNetworks: cfg.adminNetworks,
  vpcId: network.vpc.id,
  vpcCidr: cfg.network.cidr,
  publicSubnetIds: network.publicSubnetIds,
  appSubnetIds: network.appSubnetIds,
  logsKeyArn: keys.logs.arn,
  logRetentionDays: retention,
  tags,
});
const compute = new Compute("compute", { vpcId: network.vpc.id, albSecurityGroupIds: [edge.albSecurityGroup.id, edge.internalAlbSecurityGroup.id], internalAlbSecurityGroupId: edge.internalAlbSecurityGroup.id, logsKeyArn: keys.logs.arn, tags });
const taskSgs = [compute.synapseSecurityGroup.id, compute.appSecurityGroup.id];
const database = new Database("database", { settings: cfg.database, vpcId: network.vpc.id, subnetIds: network.dataSubnetIds, clientSecurityGroupIds: taskSgs, dataKeyArn: keys.data.arn, tags });
const cache = new Cache("cache", { settings: cfg.cache, vpcId: network.vpc.id, subnetIds: network.dataSubnetIds, clientSecurityGroupIds: [compute.synapseSecurityGroup.id], dataKeyArn: keys.data.arn, tags });
const media = new Media("media", { dataKeyArn: keys.data.arn, blockPublicAccess: cfg.media.blockPublicAccess, tags });
const audit = new Audit("audit", {
  accountId,
  region,
  auditKeyArn: keys.audit.arn,
  logsKeyArn: keys.logs.arn,
  dataKeyArn: keys.data.arn,
  logRetentionDays: retention,
  archiveRetentionYears: cfg.audit.archiveRetentionYears,
  ...(cfg.audit.conformancePackTemplateFile ? { conformancePackTemplateFile: resolve(repoRoot, cfg.audit.conformancePackTemplateFile) } : {}),
  tags,
});

// Tokens shared by Synapse and the apps, generated once (with single sign-on, the login
// hook's too: each login hands the person's groups to SCIM's login hook, through the internal
// load balancer, with a token of its own, not the SCIM token: Synapse must not be able to provision).
const tokens = new Tokens("tokens", { kmsKeyArn: keys.data.arn, ssoLoginHook: policy.identity.sso.enabled, tags });
const appserviceTokens = tokens.appservice;
const controlToken = tokens.control;

// The OpenID provider Synapse signs people in with: the same oidc_providers renderer as the local stack.
const identity = new Identity("identity", { settings: cfg.identity, domain: cfg.domain, consoleDomain: cfg.consoleDomain, dataKeyArn: keys.data.arn, tags });
const ssoHookToken = tokens.ssoLoginHook;
const oidc = policy.identity.sso.enabled
  ? {
      issuer: identity.issuer,
      clientId: identity.clientId,
      clientSecretArn: identity.clientSecretArn,
      overrides: identity.overrides,
      ...(ssoHookToken ? { groupSync: { callbackUrl: ssoLoginHookUrl(cfg.domain), tokenSecret: ssoHookToken } } : {}),
    }
  : undefined;

// Before the homeserver: its main task's `accounts` bootstrap registers the apps' accounts with these passwords.
const apps = new Apps("apps", {
  domain: cfg.domain,
  consoleDomain: cfg.consoleDomain,
  serverName: policy.homeserver.serverName,
  region,
  image: cfg.images.wardroom,
  taskSize: cfg.tasks.app,
  sms: cfg.sms,
  vpcId: network.vpc.id,
  appSubnetIds: network.appSubnetIds,
  cluster: compute.cluster,
  securityGroup: compute.appSecurityGroup,
  listeners: edge.httpsListeners,
  database: { address: database.instance.address, appSecret: database.roleSecrets.app, auditWriterSecret: database.roleSecrets.audit_writer, auditOwnerSecret: database.roleSecrets.audit_owner },
  appserviceTokens,
  controlToken,
  auditDrainToken: tokens.auditDrain,
  ...(oidc ? { consoleOidc: { issuer: identity.issuer, clientId: identity.consoleClientId, clientSecretArn: identity.consoleClientSecretArn, ...(identity.overrides.scopes ? { scopes: identity.overrides.scopes } : {}) } } : {}),
  ...(ssoHookToken ? { ssoHookToken } : {}),
  auditArchiveBucket: audit.archiveBucket,
  auditKeyArn: keys.audit.arn,
  dataKeyArn: keys.data.arn,
  logsKeyArn: keys.logs.arn,
  logRetentionDays: retention,
  tags,
});
const masterSecretArn = database.instance.masterUserSecrets.apply((s) => s?.[0]?.secretArn ?? "");
const homeserver = new Homeserver("homeserver", {
  policy,
  topology,
  domain: cfg.domain,
  region,
  image: cfg.images.synapse,
  taskSizes: { main: cfg.tasks.main, worker: cfg.tasks.worker },
  vpcId: network.vpc.id,
  appSubnetIds: network.appSubnetIds,
  cluster: compute.cluster,
  namespace: compute.namespace,
  securityGroup: compute.synapseSecurityGroup,
  listeners: edge.httpsListeners,
  database: { address: database.instance.address, port: database.instance.port, masterSecretArn, roleSecrets: database.roleSecrets },
  redis: { host: cache.replicationGroup.primaryEndpointAddress, authSecret: cache.authSecret },
  mediaBucket: media.bucket,
  smsBridgeUrl: `https://${cfg.domain}`,
  appserviceTokens,
  auditDrainToken: tokens.auditDrain,
  accounts: { image: cfg.images.wardroom, servicePassword: apps.servicePassword, breakGlassPassword: apps.breakGlassPassword },
  dataKeyArn: keys.data.arn,
  logsKeyArn: keys.logs.arn,
  logRetentionDays: retention,
  ...(oidc ? { oidc } : {}),
  tags,
});

export const homeserverUrl = `https://${cfg.domain}`;
export const consoleUrl = `https://${cfg.consoleDomain}`;
export const loadBalancerDnsName = edge.publicAlb.dnsName;
export const synapseServices = Object.keys(homeserver.services);
export const appServices = Object.keys(apps.services);
export const auditArchiveBucket = audit.archiveBucket.bucket;
// Where a one-off app task runs (README "Deploy to AWS": checking the ledger against the archive).
export const clusterName = compute.cluster.name;
export const appTaskSubnetIds = network.appSubnetIds;
export const appTaskSecurityGroupId = compute.appSecurityGroup.id;
export const mediaBucket = media.bucket.bucket;
export const oidcIssuer = identity.issuer;
export const practiceNumber = apps.phoneNumber?.phoneNumber;
export const twilioSecretArn = apps.twilioSecret?.arn;
export const scimUrl = `https://${cfg.domain}/scim/v2`;
export const scimTokenSecretArn = apps.scimToken.arn;
export const breakGlassPasswordSecretArn = apps.breakGlassPassword.arn;
