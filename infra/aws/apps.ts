import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SSO_LOGIN_HOOK_PATH } from "../../admin-console/scim/ssoLoginHook.ts";
import type { WardroomStackConfig } from "./config.ts";
import { appTaskFiles, AUDIT_ANCHOR_KEY_FILE, BREAK_GLASS_LOCALPART, SERVICE_LOCALPART, WIPE_JOURNAL_DIR, type AppConfigValues } from "./appConfigs.ts";
import { secretEnv, secretRef, type TaskSecret } from "./containerFiles.ts";
import { generatedSecret } from "./secrets.ts";
import { SMS_APPSERVICE_ID } from "./homeserver.ts";
import { auditLogGroup } from "./storage.ts";
import { AUDIT_ANCHOR_KEY_FILE_ENV, AUDIT_S3_BUCKET_ENV } from "../../runtime/audit/archiveEnv.ts";

/** The apps' processes: entry file, the port the process listens on, and where its TLS terminator listens. */
export const APPS = {
  "sms-bridge": { entry: "bots/sms-bridge/main.ts", port: 8090, tlsPort: 8443, configEnv: "WARDROOM_BRIDGE_CONFIG" },
  compliance: { entry: "bots/compliance/main.ts", port: 0, tlsPort: 0, configEnv: "WARDROOM_COMPLIANCE_CONFIG" },
  lifecycle: { entry: "bots/lifecycle/main.ts", port: 0, tlsPort: 0, configEnv: "WARDROOM_LIFECYCLE_CONFIG" },
  console: { entry: "admin-console/main.ts", port: 8080, tlsPort: 8443, configEnv: "WARDROOM_CONSOLE_CONFIG" },
  scim: { entry: "admin-console/scim/main.ts", port: 8095, tlsPort: 8443, configEnv: "WARDROOM_SCIM_CONFIG" },
  // Moves Synapse's audit spool (sign-ins, admin API calls, room guardrails) into the ledger.
  "audit-drain": { entry: "runtime/audit/spoolDrainMain.ts", port: 0, tlsPort: 0, configEnv: "WARDROOM_AUDIT_DRAIN_CONFIG" },
} as const;
export type AppName = keyof typeof APPS;

/**
 * The app that checkpoints the audit ledger into the archive bucket: one task that is never
 * two at once (desiredCount 1, maximumPercent 100), up without the homeserver's help.
 */
export const ARCHIVE_WRITER: AppName = "lifecycle";
/** Where in the archive the checkpoints and the records go (S3AnchorSink's and S3RecordExports' default prefixes). */
export const ARCHIVE_ANCHOR_PREFIX = "audit-anchors/";
export const ARCHIVE_RECORDS_PREFIX = "audit-records/";

/** The environment of the archive writer's container: the bucket, the key file, the region for the SDK. */
export function archiveEnv(bucket: string, region: string): { name: string; value: string }[] {
  return [
    { name: AUDIT_S3_BUCKET_ENV, value: bucket },
    { name: AUDIT_ANCHOR_KEY_FILE_ENV, value: AUDIT_ANCHOR_KEY_FILE },
    { name: "AWS_REGION", value: region },
  ];
}

/**
 * The archive writer's IAM policy, exactly the archive's calls: PutObject with Object Lock
 * headers (s3:PutObjectRetention) for checkpoints and records; ListObjectVersions under both
 * prefixes (where the last export ended; every checkpoint, for verify); GetObject of a
 * checkpoint's version (verify); the archive's KMS key.
 */
export function archiveWriterPolicy(bucketArn: string, keyArn: string): { Version: string; Statement: Record<string, unknown>[] } {
  const prefixes = [ARCHIVE_ANCHOR_PREFIX, ARCHIVE_RECORDS_PREFIX];
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "WriteArchive", Effect: "Allow", Action: ["s3:PutObject", "s3:PutObjectRetention"], Resource: prefixes.map((p) => `${bucketArn}/${p}*`) },
      { Sid: "ReadCheckpoints", Effect: "Allow", Action: "s3:GetObjectVersion", Resource: `${bucketArn}/${ARCHIVE_ANCHOR_PREFIX}*` },
      { Sid: "ListArchive", Effect: "Allow", Action: "s3:ListBucketVersions", Resource: bucketArn, Condition: { StringLike: { "s3:prefix": prefixes.map((p) => `${p}*`) } } },
      { Sid: "ArchiveKey", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: keyArn },
    ],
  };
}

/**
 * Paths the public load balancer refuses outright, and that rule's priority (first of all):
 * Wardroom's VPC-only APIs, and the endpoints of Wardroom's Synapse module, which only
 * Wardroom's own tasks call (the audit spool, portal rooms, notices, retention, device counts,
 * break-glass), each also behind its own token or a server admin's.
 */
export const INTERNAL_ONLY_PATHS = ["/_wardroom/*", "/_synapse/client/wardroom/*"] as const;
export const PUBLIC_REFUSAL_PRIORITY = 1;

/**
 * Where Synapse main's SSO login calls SCIM's login hook: the homeserver's name, which inside
 * the VPC resolves to the internal load balancer (edge.ts's private zone).
 */
export const ssoLoginHookUrl = (domain: string): string => `https://${domain}${SSO_LOGIN_HOOK_PATH}`;

export interface AppsArgs {
  domain: string;
  consoleDomain: string;
  serverName: string;
  region: pulumi.Input<string>;
  image: string;
  taskSize: { cpu: number; memory: number };
  sms: WardroomStackConfig["sms"];
  vpcId: pulumi.Input<string>;
  appSubnetIds: pulumi.Input<string>[];
  cluster: aws.ecs.Cluster;
  securityGroup: aws.ec2.SecurityGroup;
  /** [public, internal] HTTPS listeners. */
  listeners: aws.lb.Listener[];
  database: { address: pulumi.Input<string>; appSecret: aws.secretsmanager.Secret; auditWriterSecret: aws.secretsmanager.Secret; auditOwnerSecret: aws.secretsmanager.Secret };
  appserviceTokens: { as: aws.secretsmanager.Secret; hs: aws.secretsmanager.Secret };
  controlToken: aws.secretsmanager.Secret;
  /** The audit drain's token for Synapse's audit spool (Tokens.auditDrain). */
  auditDrainToken: aws.secretsmanager.Secret;
  /** The console's OpenID client (Identity.consoleClientId), when single sign-on is on. */
  consoleOidc?: { issuer: pulumi.Input<string>; clientId: pulumi.Input<string>; clientSecretArn: pulumi.Input<string>; scopes?: string[] };
  /**
   * The bearer token of Synapse's SSO login hook, served by SCIM (roles from the group claim
   * at each login): given when single sign-on is on; Synapse main's task holds it too.
   */
  ssoHookToken?: aws.secretsmanager.Secret;
  /** The audit archive (Object Lock): the lifecycle bot writes the ledger's checkpoints and records there. */
  auditArchiveBucket: aws.s3.Bucket;
  /** The archive bucket's SSE-KMS key (Keys.audit). */
  auditKeyArn: pulumi.Input<string>;
  dataKeyArn: pulumi.Input<string>;
  logsKeyArn: pulumi.Input<string>;
  logRetentionDays: number;
  tags: Record<string, string>;
}

/**
 * The SMS bridge, the compliance and lifecycle bots and the console as ECS services, and the
 * SMS provider: an AWS End User Messaging number whose inbound messages reach the bridge
 * through an encrypted SNS topic, or Twilio credentials the operator puts in Secrets Manager.
 * Each process with an HTTP port sits behind a TLS terminator inside its own task (the
 * image's entrypoint), so the load balancer speaks TLS to every target.
 */
export class Apps extends pulumi.ComponentResource {
  readonly services: Record<AppName, aws.ecs.Service>;
  readonly smsTopic?: aws.sns.Topic;
  readonly phoneNumber?: aws.pinpoint.Smsvoicev2PhoneNumber;
  readonly twilioSecret?: aws.secretsmanager.Secret;
  /** The service account's password and the break-glass administrator's: the Synapse main task's `accounts` bootstrap registers both. */
  readonly servicePassword: aws.secretsmanager.Secret;
  readonly breakGlassPassword: aws.secretsmanager.Secret;
  /** The bearer token the identity provider sends to SCIM. */
  readonly scimToken: aws.secretsmanager.Secret;
  /** The lifecycle bot's permissions on the audit archive (its task role's only policy). */
  readonly archiveRolePolicy: aws.iam.RolePolicy;
  /** The console's durable state (wipe journals): EFS, KMS at rest, TLS in transit. */
  readonly fileSystem: aws.efs.FileSystem;

  constructor(name: string, args: AppsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("wardroom:infra:Apps", name, {}, opts);
    const parent = { parent: this };
    const tags = args.tags;

    let provider: pulumi.Output<object>;
    const providerSecrets: TaskSecret[] = [];
    if (args.sms.provider === "end-user-messaging") {
      this.smsTopic = new aws.sns.Topic(`${name}-sms-inbound`, { kmsMasterKeyId: args.dataKeyArn, tags }, parent);
      const snsRole = new aws.iam.Role(
        `${name}-sms-voice`,
        { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "sms-voice.amazonaws.com" }, Action: "sts:AssumeRole" }] }), tags },
        parent,
      );
      new aws.iam.RolePolicy(
        `${name}-sms-voice`,
        { role: snsRole.id, policy: pulumi.all([this.smsTopic.arn, args.dataKeyArn]).apply(([t, k]) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sns:Publish", Resource: t }, { Effect: "Allow", Action: ["kms:GenerateDataKey*", "kms:Decrypt"], Resource: k }] })) },
        parent,
      );
      this.phoneNumber = new aws.pinpoint.Smsvoicev2PhoneNumber(
        `${name}-practice-number`,
        {
          isoCountryCode: args.sms.isoCountryCode,
          messageType: "TRANSACTIONAL",
          numberType: args.sms.numberType,
          numberCapabilities: ["SMS"],
          twoWayChannelEnabled: true,
          twoWayChannelArn: this.smsTopic.arn,
          twoWayChannelRole: snsRole.arn,
          deletionProtectionEnabled: true,
          tags,
        },
        parent,
      );
      // Inbound SMS reach the bridge's webhook over HTTPS; the bridge verifies SNS signatures.
      new aws.sns.TopicSubscription(
        `${name}-sms-inbound`,
        { topic: this.smsTopic.arn, protocol: "https", endpoint: `https://${args.domain}/webhooks/sms`, rawMessageDelivery: false, endpointAutoConfirms: true },
        parent,
      );
      provider = pulumi.all([this.smsTopic.arn, this.phoneNumber.arn, args.region]).apply(([topicArn, originationIdentity, region]) => ({ kind: "aws", region, topicArn, originationIdentity }));
    } else {
      this.twilioSecret = new aws.secretsmanager.Secret(
        `${name}-twilio`,
        { description: 'Twilio credentials for the SMS bridge: set the value to {"accountSid":"AC...","authToken":"..."}', kmsKeyId: args.dataKeyArn, recoveryWindowInDays: 30, tags },
        parent,
      );
      providerSecrets.push({ name: "TWILIO_ACCOUNT_SID", valueFrom: pulumi.interpolate`${this.twilioSecret.arn}:accountSid::` }, { name: "TWILIO_AUTH_TOKEN", valueFrom: pulumi.interpolate`${this.twilioSecret.arn}:authToken::` });
      provider = pulumi.output({ kind: "twilio", accountSid: secretRef("TWILIO_ACCOUNT_SID"), authToken: secretRef("TWILIO_AUTH_TOKEN") });
    }

    // Made once and kept (generatedSecret): the service account's and the break-glass
    // administrator's Matrix passwords (the `accounts` bootstrap registers both), the console's
    // cookie key, the break-glass TOTP seed and the SCIM bearer token.
    const servicePassword = generatedSecret(`${name}-service-password`, { description: `Password of @${SERVICE_LOCALPART} (the bots' and the console's Matrix service account)`, kmsKeyArn: args.dataKeyArn, tags }, this);
    const sessionSecret = generatedSecret(`${name}-console-session`, { description: "Signs the admin console's session cookies", kmsKeyArn: args.dataKeyArn, tags, length: 64 }, this);
    const breakGlassTotp = generatedSecret(`${name}-breakglass-totp`, { description: "TOTP seed (base32) of the console's break-glass administrator", kmsKeyArn: args.dataKeyArn, tags, length: 32, base32: true }, this);
    const breakGlassPassword = generatedSecret(`${name}-breakglass-password`, { description: `Password of @${BREAK_GLASS_LOCALPART} (the console's break-glass administrator)`, kmsKeyArn: args.dataKeyArn, tags }, this);
    // Seals the ledger's checkpoints (HMAC-SHA256) so that a forged one in the archive shows.
    const anchorKey = generatedSecret(`${name}-audit-anchor-key`, { description: "HMAC key sealing the audit ledger's checkpoints in the archive bucket (wardroom audit verify --key-file)", kmsKeyArn: args.dataKeyArn, tags, length: 64 }, this);
    const scimToken = generatedSecret(`${name}-scim-token`, { description: "Bearer token the identity provider sends to Wardroom's SCIM service", kmsKeyArn: args.dataKeyArn, tags, length: 48 }, this);
    this.servicePassword = servicePassword;
    this.breakGlassPassword = breakGlassPassword;
    this.scimToken = scimToken;
    const commonSecrets: TaskSecret[] = [
      { name: "DB_APP", valueFrom: args.database.appSecret.arn },
      { name: "DB_AUDIT_WRITER", valueFrom: args.database.auditWriterSecret.arn },
    ];
    const botSecrets: TaskSecret[] = [...commonSecrets, { name: "SERVICE_PASSWORD", valueFrom: servicePassword.arn }];
    const appSecrets: Record<AppName, TaskSecret[]> = {
      "sms-bridge": [...commonSecrets, { name: "CONTROL_TOKEN", valueFrom: args.controlToken.arn }, { name: "AS_TOKEN", valueFrom: args.appserviceTokens.as.arn }, { name: "HS_TOKEN", valueFrom: args.appserviceTokens.hs.arn }, ...providerSecrets],
      compliance: [...botSecrets, { name: "CONTROL_TOKEN", valueFrom: args.controlToken.arn }],
      lifecycle: [...botSecrets, { name: "AUDIT_ANCHOR_KEY", valueFrom: anchorKey.arn }],
      console: [
        ...botSecrets,
        { name: "CONSOLE_SESSION_SECRET", valueFrom: sessionSecret.arn },
        { name: "BREAKGLASS_TOTP", valueFrom: breakGlassTotp.arn },
        ...(args.consoleOidc ? [{ name: "CONSOLE_OIDC_CLIENT_SECRET", valueFrom: args.consoleOidc.clientSecretArn }] : []),
      ],
      scim: [...botSecrets, { name: "SCIM_TOKEN", valueFrom: scimToken.arn }, ...(args.ssoHookToken ? [{ name: "SSO_HOOK_TOKEN", valueFrom: args.ssoHookToken.arn }] : [])],
      // Appends to the ledger only: the writer role, no Matrix account.
      "audit-drain": [{ name: "DB_AUDIT_WRITER", valueFrom: args.database.auditWriterSecret.arn }, { name: "AUDIT_DRAIN_TOKEN", valueFrom: args.auditDrainToken.arn }],
    };
    const configValues: pulumi.Output<AppConfigValues> = pulumi
      .all([provider, args.database.address, args.consoleOidc ? pulumi.all([args.consoleOidc.issuer, args.consoleOidc.clientId]) : pulumi.output(undefined)])
      .apply(([p, dbHost, oidc]) => ({
        domain: args.domain,
        consoleDomain: args.consoleDomain,
        serverName: args.serverName,
        dbHost,
        appserviceId: SMS_APPSERVICE_ID,
        ports: { bridge: APPS["sms-bridge"].port, console: APPS.console.port, scim: APPS.scim.port },
        provider: p as Record<string, unknown>,
        ...(oidc ? { consoleOidc: { issuer: oidc[0], clientId: oidc[1], ...(args.consoleOidc?.scopes ? { scopes: args.consoleOidc.scopes } : {}) } } : {}),
        ...(args.ssoHookToken ? { ssoLoginHook: true } : {}),
      }));

    // The console's wipe journals outlive its task: an encrypted EFS file system (KMS at rest,
    // TLS and IAM required by its policy), reached only from the app tasks, one directory
    // owned by the apps' user through an access point; AWS Backup copies it (tag wardroom:backup).
    this.fileSystem = new aws.efs.FileSystem(
      `${name}-state`,
      { encrypted: true, kmsKeyId: args.dataKeyArn, performanceMode: "generalPurpose", throughputMode: "elastic", lifecyclePolicies: [{ transitionToIa: "AFTER_30_DAYS" }], tags: { ...tags, "wardroom:backup": "daily" } },
      { parent: this, protect: true },
    );
    const efsSg = new aws.ec2.SecurityGroup(
      `${name}-state-efs`,
      {
        vpcId: args.vpcId,
        description: "Wardroom app state (EFS): NFS from the app tasks only",
        ingress: [{ protocol: "tcp", fromPort: 2049, toPort: 2049, securityGroups: [args.securityGroup.id], description: "NFS over TLS from the app tasks" }],
        egress: [],
        tags,
      },
      parent,
    );
    args.appSubnetIds.forEach((subnetId, i) => new aws.efs.MountTarget(`${name}-state-${i}`, { fileSystemId: this.fileSystem.id, subnetId, securityGroups: [efsSg.id] }, parent));
    const wipesAccessPoint = new aws.efs.AccessPoint(
      `${name}-state-wipes`,
      {
        fileSystemId: this.fileSystem.id,
        posixUser: { uid: 1000, gid: 1000 },
        rootDirectory: { path: "/console/wipes", creationInfo: { ownerUid: 1000, ownerGid: 1000, permissions: "0700" } },
        tags,
      },
      parent,
    );
    new aws.efs.FileSystemPolicy(
      `${name}-state`,
      {
        fileSystemId: this.fileSystem.id,
        policy: this.fileSystem.arn.apply((arn) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Sid: "DenyInsecureTransport", Effect: "Deny", Principal: { AWS: "*" }, Action: "*", Resource: arn, Condition: { Bool: { "aws:SecureTransport": "false" } } }],
          }),
        ),
      },
      parent,
    );

    const logGroup = auditLogGroup(`${name}-logs`, { kmsKeyArn: args.logsKeyArn, retentionDays: args.logRetentionDays, tags }, parent);
    const assume = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }] });
    // Every secret a task names (the app's and the audit-migrate container's), no other.
    const secretArns: pulumi.Input<string>[] = [
      args.database.auditOwnerSecret.arn,
      ...new Set(Object.values(appSecrets).flatMap((list) => list.map((t) => t.valueFrom))),
    ];
    const executionRole = new aws.iam.Role(`${name}-execution`, { assumeRolePolicy: assume, managedPolicyArns: ["arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"], tags }, parent);
    new aws.iam.RolePolicy(
      `${name}-execution-secrets`,
      {
        role: executionRole.id,
        policy: pulumi.all([pulumi.all(secretArns), args.dataKeyArn]).apply(([arns, key]) =>
          // A key of a JSON secret (`arn:key::`) is read with the secret's own ARN.
          JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: [...new Set(arns.map((a) => a.replace(/:[^:]*::$/, "")))] }, { Effect: "Allow", Action: "kms:Decrypt", Resource: key }] }),
        ),
      },
      parent,
    );
    const taskRole = new aws.iam.Role(`${name}-task`, { assumeRolePolicy: assume, tags }, parent);
    new aws.iam.RolePolicy(
      `${name}-task`,
      {
        role: taskRole.id,
        policy: pulumi.all([args.dataKeyArn, this.phoneNumber?.arn ?? "", this.fileSystem.arn, wipesAccessPoint.arn]).apply(([key, number, fs, ap]) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              { Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: key },
              ...(number ? [{ Effect: "Allow", Action: ["sms-voice:SendTextMessage"], Resource: "*" }] : []),
              // The console's wipe journals, through their access point only.
              { Effect: "Allow", Action: ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"], Resource: fs, Condition: { StringEquals: { "elasticfilesystem:AccessPointArn": ap } } },
            ],
          }),
        ),
      },
      parent,
    );
    // The lifecycle bot writes the ledger's checkpoints and records into the archive
    // (startAuditArchive): its own role, so that no other app may write there.
    const archiveRole = new aws.iam.Role(`${name}-archive-task`, { assumeRolePolicy: assume, tags }, parent);
    this.archiveRolePolicy = new aws.iam.RolePolicy(
      `${name}-archive-task`,
      {
        role: archiveRole.id,
        policy: pulumi.all([args.auditArchiveBucket.arn, args.auditKeyArn]).apply(([bucket, key]) => JSON.stringify(archiveWriterPolicy(bucket, key))),
      },
      parent,
    );
    const targetGroup = (app: "sms-bridge" | "console" | "scim") =>
      new aws.lb.TargetGroup(
        `${name}-tg-${app}`,
        {
          name: `wr-${pulumi.getStack().replace(/[^a-zA-Z0-9]/g, "").slice(0, 8)}-${app}`.slice(0, 32).replace(/-+$/, ""),
          port: APPS[app].tlsPort,
          protocol: "HTTPS",
          targetType: "ip",
          vpcId: args.vpcId,
          deregistrationDelay: 30,
          healthCheck: { enabled: true, protocol: "HTTPS", path: "/health", matcher: "200" },
          tags,
        },
        parent,
      );
    const bridgeTg = targetGroup("sms-bridge");
    const consoleTg = targetGroup("console");
    const scimTg = targetGroup("scim");
    const [publicListener, internalListener] = args.listeners as [aws.lb.Listener, aws.lb.Listener];
    const rule = (id: string, listener: aws.lb.Listener, priority: number, tg: aws.lb.TargetGroup, conditions: aws.types.input.lb.ListenerRuleCondition[]) =>
      new aws.lb.ListenerRule(`${name}-rule-${id}`, { listenerArn: listener.arn, priority, actions: [{ type: "forward", targetGroupArn: tg.arn }], conditions, tags }, parent);
    // Wardroom's own APIs under /_wardroom/ (the bridge's control API, SCIM's SSO login hook)
    // and its Synapse module's under /_synapse/client/wardroom/ are for the tasks inside the VPC: the public edge refuses them for every host, ahead of
    // every other rule, so no later rule (nor Synapse's catch-all) can ever route one there.
    new aws.lb.ListenerRule(
      `${name}-rule-internal-apis-refused`,
      {
        listenerArn: publicListener.arn,
        priority: PUBLIC_REFUSAL_PRIORITY,
        actions: [{ type: "fixed-response", fixedResponse: { contentType: "application/json", statusCode: "404", messageBody: '{"errcode":"M_UNRECOGNIZED","error":"Unrecognized request"}' } }],
        conditions: [{ pathPattern: { values: [...INTERNAL_ONLY_PATHS] } }],
        tags,
      },
      parent,
    );
    rule("console-public", publicListener, 10, consoleTg, [{ hostHeader: { values: [args.consoleDomain] } }]);
    rule("console-internal", internalListener, 10, consoleTg, [{ hostHeader: { values: [args.consoleDomain] } }]);
    rule("sms-webhooks", publicListener, 20, bridgeTg, [{ hostHeader: { values: [args.domain] } }, { pathPattern: { values: ["/webhooks/sms", "/webhooks/sms/*"] } }]);
    // The bridge's control API for the compliance bot: inside the VPC only.
    rule("bridge-control", internalListener, 22, bridgeTg, [{ hostHeader: { values: [args.domain] } }, { pathPattern: { values: ["/_wardroom/v1/*"] } }]);
    // Appservice transactions from Synapse: inside the VPC only.
    rule("appservice", internalListener, 21, bridgeTg, [{ hostHeader: { values: [args.domain] } }, { pathPattern: { values: ["/_matrix/app/*"] } }]);
    // SCIM for the identity provider: the WAF admits only wardroom:adminNetworks (edge.ts).
    rule("scim-public", publicListener, 30, scimTg, [{ hostHeader: { values: [args.domain] } }, { pathPattern: { values: ["/scim/v2", "/scim/v2/*"] } }]);
    rule("scim-internal", internalListener, 30, scimTg, [{ hostHeader: { values: [args.domain] } }, { pathPattern: { values: ["/scim/v2", "/scim/v2/*"] } }]);
    // Synapse main's SSO login hands a person's groups to SCIM's login hook: on the internal
    // load balancer only (its ACM certificate is one Synapse's HTTP client trusts; the task's
    // own TLS terminator has a self-signed one). The hook's bearer token is checked by SCIM.
    if (args.ssoHookToken) {
      rule("sso-login-hook", internalListener, 31, scimTg, [{ hostHeader: { values: [args.domain] } }, { pathPattern: { values: [SSO_LOGIN_HOOK_PATH] } }, { httpRequestMethod: { values: ["POST"] } }]);
    }

    this.services = {} as Record<AppName, aws.ecs.Service>;
    for (const app of Object.keys(APPS) as AppName[]) {
      const spec = APPS[app];
      const containerDefinitions = pulumi
        .all([configValues.apply((v) => appTaskFiles(app, v)), pulumi.output(secretEnv(appSecrets[app])), logGroup.name, args.region, args.database.address, pulumi.output(secretEnv([{ name: "DB_AUDIT_OWNER", valueFrom: args.database.auditOwnerSecret.arn }])), args.auditArchiveBucket.bucket])
        .apply(([taskFiles, secrets, group, region, dbHost, ownerSecret, archiveBucket]) =>
          JSON.stringify([
            {
              // The audit ledger's migrations run as the owner role; the app itself connects as
              // the writer, which may append but never change records (databaseInit.ts).
              name: "audit-migrate",
              image: args.image,
              essential: false,
              command: [
                "sh",
                "-c",
                `WARDROOM_AUDIT_URL="postgres://wardroom_audit_owner:$WARDROOM_SECRET_DB_AUDIT_OWNER@${dbHost}:5432/wardroom_audit?sslmode=verify-full&sslrootcert=/etc/ssl/certs/rds-global-bundle.pem" exec node bin/wardroom.mjs audit verify`,
              ],
              secrets: ownerSecret,
              logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": group, "awslogs-region": region, "awslogs-stream-prefix": `${app}-audit-migrate` } },
              user: "1000:1000",
            },
            {
              dependsOn: [{ containerName: "audit-migrate", condition: "SUCCESS" }],
              name: app,
              image: args.image,
              essential: true,
              command: ["node", "bin/run-ts.mjs", spec.entry],
              environment: [
                { name: "WARDROOM_FILES", value: JSON.stringify(taskFiles.files) },
                { name: spec.configEnv, value: taskFiles.configFile },
                ...(spec.tlsPort ? [{ name: "WARDROOM_TLS_PROXY", value: `${spec.tlsPort}:127.0.0.1:${spec.port}` }] : []),
                { name: "WARDROOM_LOG_LEVEL", value: "info" },
                ...(app === ARCHIVE_WRITER ? archiveEnv(archiveBucket, region) : []),
              ],
              secrets,
              portMappings: spec.tlsPort ? [{ containerPort: spec.tlsPort, protocol: "tcp" }] : [],
              logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": group, "awslogs-region": region, "awslogs-stream-prefix": app } },
              ...(app === "console" ? { mountPoints: [{ sourceVolume: "wipes", containerPath: WIPE_JOURNAL_DIR, readOnly: false }] } : {}),
              readonlyRootFilesystem: false,
              user: "1000:1000",
            },
          ]),
        );
      const td = new aws.ecs.TaskDefinition(
        `${name}-${app}`,
        {
          family: `wardroom-${pulumi.getStack()}-${app}`,
          requiresCompatibilities: ["FARGATE"],
          networkMode: "awsvpc",
          cpu: String(args.taskSize.cpu),
          memory: String(args.taskSize.memory),
          executionRoleArn: executionRole.arn,
          taskRoleArn: app === ARCHIVE_WRITER ? archiveRole.arn : taskRole.arn,
          runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "ARM64" },
          containerDefinitions,
          ...(app === "console"
            ? { volumes: [{ name: "wipes", efsVolumeConfiguration: { fileSystemId: this.fileSystem.id, transitEncryption: "ENABLED", authorizationConfig: { accessPointId: wipesAccessPoint.id, iam: "ENABLED" } } }] }
            : {}),
          tags,
        },
        parent,
      );
      const tg = app === "sms-bridge" ? bridgeTg : app === "console" ? consoleTg : app === "scim" ? scimTg : undefined;
      this.services[app] = new aws.ecs.Service(
        `${name}-${app}`,
        {
          cluster: args.cluster.arn,
          taskDefinition: td.arn,
          // The bridge and the bots hold a Matrix sync and a queue: one instance each.
          desiredCount: 1,
          launchType: "FARGATE",
          deploymentMinimumHealthyPercent: 0,
          deploymentMaximumPercent: 100,
          deploymentCircuitBreaker: { enable: true, rollback: true },
          networkConfiguration: { subnets: args.appSubnetIds, securityGroups: [args.securityGroup.id], assignPublicIp: false },
          loadBalancers: tg ? [{ targetGroupArn: tg.arn, containerName: app, containerPort: spec.tlsPort }] : [],
          ...(tg ? { healthCheckGracePeriodSeconds: 120 } : {}),
          enableExecuteCommand: false,
          propagateTags: "SERVICE",
          tags: { ...tags, "wardroom:app": app },
        },
        parent,
      );
    }
    this.registerOutputs({ services: Object.keys(this.services) });
  }
}
