import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Policy } from "../../core/policy/index.ts";
import type { OidcProviderOverrides } from "../../core/synapse/oidc.ts";
import { renderAppserviceRegistration, smsBridgeRegistration } from "../../core/synapse/appserviceRegistration.ts";
import type { SynapseDeployment } from "../../core/synapse/renderConfig.ts";
import { generateSigningKey } from "../../core/synapse/signingKey.ts";
import { MAIN_PROCESS, type SynapseTopology } from "../../core/synapse/topology.ts";
import { renderAwsRouting, renderAwsServices, type AwsSynapseService } from "../../core/synapse/topologyAws.ts";
import { renderWorkerFiles, toSynapseYaml, type WorkerDeployment } from "../../core/synapse/topologyConfig.ts";
import { accountsTaskFiles } from "./appConfigs.ts";
import { filesEnv, secretEnv, secretRef, type TaskSecret } from "./containerFiles.ts";
import { databaseInitSql } from "./databaseInit.ts";
import { generatedSecret } from "./secrets.ts";
import { auditLogGroup } from "./storage.ts";

/** Ports every Synapse task uses (each task has its own IP, so they never clash). */
export const SYNAPSE_PORTS = { http: 8008, replication: 9093, metrics: 9000 } as const;
export const SMS_APPSERVICE_ID = "wardroom-sms";
const RUN = "/run/wardroom";
export const SYNAPSE_FILES = {
  shared: `${RUN}/homeserver.yaml`,
  worker: `${RUN}/worker.yaml`,
  registration: `${RUN}/sms-bridge-registration.yaml`,
  signingKey: `${RUN}/signing.key`,
  /** The SSO login hook's bearer token (main only: every step of an SSO login is on main). */
  ssoHookToken: `${RUN}/secrets/sso_login_hook_token`,
  tlsCert: `${RUN}/tls/cert.pem`,
  tlsKey: `${RUN}/tls/key.pem`,
  dbInit: `${RUN}/db-init.sql`,
  secret: (name: string) => `${RUN}/secrets/${name}`,
  rdsCa: "/etc/ssl/certs/rds-global-bundle.pem",
  logConfig: "/etc/synapse/log.yaml",
};

export interface HomeserverArgs {
  policy: Policy;
  topology: SynapseTopology;
  domain: string;
  region: pulumi.Input<string>;
  image: string;
  taskSizes: { main: { cpu: number; memory: number }; worker: { cpu: number; memory: number } };
  vpcId: pulumi.Input<string>;
  appSubnetIds: pulumi.Input<string>[];
  cluster: aws.ecs.Cluster;
  namespace: aws.servicediscovery.PrivateDnsNamespace;
  securityGroup: aws.ec2.SecurityGroup;
  listeners: aws.lb.Listener[];
  database: { address: pulumi.Input<string>; port: pulumi.Input<number>; masterSecretArn: pulumi.Input<string>; roleSecrets: Record<"synapse" | "app" | "audit_owner" | "audit_writer", aws.secretsmanager.Secret> };
  redis: { host: pulumi.Input<string>; authSecret: aws.secretsmanager.Secret };
  mediaBucket: aws.s3.Bucket;
  /** Where the SMS bridge listens, as Synapse reaches it for appservice transactions. */
  smsBridgeUrl: pulumi.Input<string>;
  appserviceTokens: { as: aws.secretsmanager.Secret; hs: aws.secretsmanager.Secret };
  /** Checked by wardroom_synapse.HomeserverPolicy in every process (Tokens.auditDrain). */
  auditDrainToken: aws.secretsmanager.Secret;
  dataKeyArn: pulumi.Input<string>;
  logsKeyArn: pulumi.Input<string>;
  logRetentionDays: number;
  /**
   * The accounts the apps sign in as, registered at every deployment of main by its `accounts`
   * container (runtime/bootstrap/accountsMain.ts, from the apps' image) with the registration
   * shared secret, which never leaves this task.
   */
  accounts: { image: string; servicePassword: aws.secretsmanager.Secret; breakGlassPassword: aws.secretsmanager.Secret };
  /** The OpenID provider Synapse signs people in with (the policy's identity.sso); absent with single sign-on off. */
  oidc?: HomeserverOidc;
  tags: Record<string, string>;
}

export interface HomeserverOidc {
  issuer: pulumi.Input<string>;
  clientId: pulumi.Input<string>;
  /** Secrets Manager secret holding the client secret: injected into the tasks and written to a file Synapse reads. */
  clientSecretArn: pulumi.Input<string>;
  overrides: OidcProviderOverrides;
  /**
   * Roles from the group claim at each login: Synapse main's OIDC mapping provider posts the
   * person's groups to SCIM's login hook at `callbackUrl` with the token in `tokenSecret`, and
   * refuses the login if the hook does not answer 2xx (fail closed).
   */
  groupSync?: { callbackUrl: string; tokenSecret: aws.secretsmanager.Secret };
}

/** Cloud Map name of a Synapse instance (instance names have underscores; DNS labels get hyphens). */
export const instanceDnsLabel = (instance: string): string => instance.replace(/_/g, "-");

/**
 * The Synapse deployment settings of AWS: everything that is not policy. Shared with the
 * tests, which compare the AWS rendering with the local one apart from these.
 */
export function awsSynapseDeployment(a: {
  domain: string;
  databaseHost: string;
  databasePort: number;
  redisHost: string;
  mediaBucket: string;
  region: string;
  oidc?: { issuer: string; clientId: string; overrides: OidcProviderOverrides; groupSyncUrl?: string };
}): SynapseDeployment {
  return {
    ...(a.oidc
      ? {
          oidc: {
            issuer: a.oidc.issuer,
            clientId: a.oidc.clientId,
            clientSecretPath: SYNAPSE_FILES.secret("oidc_client_secret"),
            overrides: a.oidc.overrides,
            ...(a.oidc.groupSyncUrl ? { groupSync: { callbackUrl: a.oidc.groupSyncUrl, tokenPath: SYNAPSE_FILES.ssoHookToken } } : {}),
          },
        }
      : {}),
    publicBaseUrl: `https://${a.domain}/`,
    clientListener: { port: SYNAPSE_PORTS.http, bindAddresses: ["0.0.0.0"], tls: { certificatePath: SYNAPSE_FILES.tlsCert, privateKeyPath: SYNAPSE_FILES.tlsKey } },
    metricsListener: { port: SYNAPSE_PORTS.metrics, bindAddresses: ["0.0.0.0"] },
    // The password comes from PGPASSWORD (Secrets Manager); RDS's certificate is verified.
    database: { kind: "postgres", host: a.databaseHost, port: a.databasePort, user: "synapse", database: "synapse", sslmode: "verify-full", sslrootcert: SYNAPSE_FILES.rdsCa },
    // A local cache in front of S3: media is written to S3 synchronously before upload returns.
    mediaStorePath: "/data/media",
    signingKeyPath: SYNAPSE_FILES.signingKey,
    logConfigPath: SYNAPSE_FILES.logConfig,
    secrets: {
      paths: {
        registrationSharedSecret: SYNAPSE_FILES.secret("registration_shared_secret"),
        macaroonSecretKey: SYNAPSE_FILES.secret("macaroon_secret_key"),
        formSecret: SYNAPSE_FILES.secret("form_secret"),
      },
    },
    appServiceConfigFiles: [SYNAPSE_FILES.registration],
    smsBridgeAppserviceId: SMS_APPSERVICE_ID,
    // Loads wardroom_synapse.HomeserverPolicy (room guardrails, retention, the audit spool), as
    // on the local stack; every process reads the token, the audit-drain app presents it.
    auditDrainTokenFile: SYNAPSE_FILES.secret("audit_drain_token"),
    redis: { host: a.redisHost, port: 6379, useTls: true, passwordPath: SYNAPSE_FILES.secret("redis") },
    mediaStorageProviders: [
      {
        module: "s3_storage_provider.S3StorageProviderBackend",
        store_local: true,
        store_remote: true,
        store_synchronous: true,
        config: { bucket: a.mediaBucket, region_name: a.region, storage_class: "STANDARD" },
      },
    ],
    rateLimits: "production",
  };
}

export function awsWorkerDeployment(namespace: string): WorkerDeployment {
  return {
    placement: (instance) => ({
      host: `${instanceDnsLabel(instance)}.${namespace}`,
      bindAddresses: ["0.0.0.0"],
      httpPort: SYNAPSE_PORTS.http,
      replicationPort: SYNAPSE_PORTS.replication,
      metricsPort: SYNAPSE_PORTS.metrics,
    }),
    logConfigPath: () => SYNAPSE_FILES.logConfig,
    replicationSecret: { path: SYNAPSE_FILES.secret("replication") },
  };
}

/**
 * Synapse on ECS Fargate: one service per process of the topology (main and every worker),
 * each with its stable worker_name; stream writers registered in Cloud Map for instance_map;
 * target groups and listener rules from the routing table; TLS from the load balancer to the
 * tasks; every secret from Secrets Manager; no public IPs.
 */
export class Homeserver extends pulumi.ComponentResource {
  readonly services: Record<string, aws.ecs.Service>;
  readonly targetGroups: Record<string, aws.lb.TargetGroup>;
  /** The rendered files per instance (shared + worker), for inspection and the tests. */
  readonly renderedConfig: pulumi.Output<Record<string, { shared: string; worker?: string }>>;

  constructor(name: string, args: HomeserverArgs, opts?: pulumi.ComponentResourceOptions) {
    super("wardroom:infra:Homeserver", name, {}, opts);
    const parent = { parent: this };
    const tags = args.tags;
    const secret = (n: string, description: string) => generatedSecret(`${name}-${n.replace(/_/g, "-")}`, { description, kmsKeyArn: args.dataKeyArn, tags }, this);
    const synapseSecrets = {
      registration_shared_secret: secret("registration_shared_secret", "Synapse registration shared secret"),
      macaroon_secret_key: secret("macaroon_secret_key", "Synapse macaroon secret key"),
      form_secret: secret("form_secret", "Synapse form secret"),
      replication: secret("replication", "Synapse worker replication secret"),
    };
    const signingKey = new aws.secretsmanager.Secret(`${name}-signing-key`, { description: "Synapse signing key", kmsKeyId: args.dataKeyArn, recoveryWindowInDays: 30, tags }, parent);
    new aws.secretsmanager.SecretVersion(`${name}-signing-key`, { secretId: signingKey.id, secretString: pulumi.secret(generateSigningKey()) }, { parent: this, ignoreChanges: ["secretString"] });

    const logGroup = auditLogGroup(`${name}-logs`, { kmsKeyArn: args.logsKeyArn, retentionDays: args.logRetentionDays, tags }, parent);
    const assume = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }] });
    const allSecrets = [
      ...Object.values(synapseSecrets),
      signingKey,
      args.redis.authSecret,
      args.appserviceTokens.as,
      args.appserviceTokens.hs,
      args.auditDrainToken,
      ...Object.values(args.database.roleSecrets),
      args.accounts.servicePassword,
      args.accounts.breakGlassPassword,
    ];
    const secretArns: pulumi.Input<string>[] = [
      ...allSecrets.map((s) => s.arn),
      ...(args.oidc ? [args.oidc.clientSecretArn] : []),
      ...(args.oidc?.groupSync ? [args.oidc.groupSync.tokenSecret.arn] : []),
    ];
    const executionRole = new aws.iam.Role(`${name}-execution`, { assumeRolePolicy: assume, managedPolicyArns: ["arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"], tags }, parent);
    new aws.iam.RolePolicy(
      `${name}-execution-secrets`,
      {
        role: executionRole.id,
        policy: pulumi.all([pulumi.all(secretArns), args.database.masterSecretArn, args.dataKeyArn]).apply(([arns, master, key]) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              { Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [...arns, master] },
              { Effect: "Allow", Action: ["kms:Decrypt"], Resource: [key] },
            ],
          }),
        ),
      },
      parent,
    );
    const taskRole = new aws.iam.Role(`${name}-task`, { assumeRolePolicy: assume, tags }, parent);
    new aws.iam.RolePolicy(
      `${name}-task-media`,
      {
        role: taskRole.id,
        policy: pulumi.all([args.mediaBucket.arn, args.dataKeyArn]).apply(([bucket, key]) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              { Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket"], Resource: [bucket, `${bucket}/*`] },
              { Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: [key] },
            ],
          }),
        ),
      },
      parent,
    );

    // Target groups and listener rules from the routing table.
    const routing = renderAwsRouting(args.topology);
    const shortStack = pulumi.getStack().replace(/[^a-zA-Z0-9]/g, "").slice(0, 8);
    this.targetGroups = {};
    for (const key of Object.keys(routing.targetGroups)) {
      this.targetGroups[key] = new aws.lb.TargetGroup(
        `${name}-tg-${key.replace(/_/g, "-")}`,
        {
          name: `wr-${shortStack}-${key.replace(/_/g, "-")}`.slice(0, 32).replace(/-+$/, ""),
          port: SYNAPSE_PORTS.http,
          protocol: "HTTPS",
          protocolVersion: "HTTP1",
          targetType: "ip",
          vpcId: args.vpcId,
          deregistrationDelay: 30,
          healthCheck: { enabled: true, protocol: "HTTPS", path: "/health", matcher: "200", interval: 15, healthyThreshold: 2, unhealthyThreshold: 3 },
          tags,
        },
        parent,
      );
    }
    args.listeners.forEach((listener, li) => {
      for (const rule of routing.rules) {
        new aws.lb.ListenerRule(
          `${name}-rule-${li}-${rule.priority}`,
          {
            listenerArn: listener.arn,
            priority: 100 + rule.priority,
            actions: [{ type: "forward", targetGroupArn: (this.targetGroups[rule.targetGroup] as aws.lb.TargetGroup).arn }],
            conditions: [
              { pathPattern: { values: rule.pathPatterns } },
              ...(rule.authorizationValues ? [{ httpHeader: { httpHeaderName: "Authorization", values: rule.authorizationValues } }] : []),
              ...(rule.httpMethods ? [{ httpRequestMethod: { values: rule.httpMethods } }] : []),
            ],
            tags,
          },
          parent,
        );
      }
      // Everything else on the homeserver's name goes to main (docs/workers.md: the default).
      new aws.lb.ListenerRule(
        `${name}-rule-${li}-main`,
        {
          listenerArn: listener.arn,
          priority: 49000,
          actions: [{ type: "forward", targetGroupArn: (this.targetGroups[routing.defaultTargetGroup] as aws.lb.TargetGroup).arn }],
          conditions: [{ hostHeader: { values: [args.domain] } }, { pathPattern: { values: ["/*"] } }],
          tags,
        },
        parent,
      );
    });

    const namespaceName = args.namespace.name;
    const rendered = pulumi
      .all([args.database.address, args.database.port, args.redis.host, args.mediaBucket.bucket, args.region, namespaceName, args.smsBridgeUrl, pulumi.all([args.oidc?.issuer ?? "", args.oidc?.clientId ?? ""])])
      .apply(([dbHost, dbPort, redisHost, bucket, region, ns, bridgeUrl, [issuer, clientId]]) => {
        const groupSync = args.oidc?.groupSync ? { groupSyncUrl: args.oidc.groupSync.callbackUrl } : {};
        const oidc = args.oidc ? { oidc: { issuer, clientId, overrides: args.oidc.overrides, ...groupSync } } : {};
        const d = awsSynapseDeployment({ domain: args.domain, databaseHost: dbHost, databasePort: dbPort, redisHost, mediaBucket: bucket, region, ...oidc });
        const files = renderWorkerFiles(args.policy, d, args.topology, awsWorkerDeployment(ns));
        const registration = renderAppserviceRegistration(
          smsBridgeRegistration({ id: SMS_APPSERVICE_ID, url: bridgeUrl, asToken: secretRef("AS_TOKEN"), hsToken: secretRef("HS_TOKEN"), serverName: args.policy.homeserver.serverName }),
        );
        const out: Record<string, { shared: string; worker?: string }> = { [MAIN_PROCESS]: { shared: toSynapseYaml(files.shared) } };
        for (const [worker, cfg] of Object.entries(files.workers)) out[worker] = { shared: toSynapseYaml(files.shared), worker: toSynapseYaml(cfg) };
        return { out, registration };
      });
    this.renderedConfig = rendered.apply((r) => r.out);

    const baseSecrets: TaskSecret[] = [
      ...Object.entries(synapseSecrets).map(([n, s]) => ({ name: n.toUpperCase(), valueFrom: s.arn })),
      { name: "SIGNING_KEY", valueFrom: signingKey.arn },
      { name: "REDIS", valueFrom: args.redis.authSecret.arn },
      { name: "AS_TOKEN", valueFrom: args.appserviceTokens.as.arn },
      { name: "HS_TOKEN", valueFrom: args.appserviceTokens.hs.arn },
      { name: "AUDIT_DRAIN_TOKEN", valueFrom: args.auditDrainToken.arn },
      ...(args.oidc ? [{ name: "OIDC_CLIENT_SECRET", valueFrom: args.oidc.clientSecretArn }] : []),
    ];
    const secretFiles: Record<string, string> = {
      [SYNAPSE_FILES.signingKey]: secretRef("SIGNING_KEY"),
      [SYNAPSE_FILES.secret("registration_shared_secret")]: secretRef("REGISTRATION_SHARED_SECRET"),
      [SYNAPSE_FILES.secret("macaroon_secret_key")]: secretRef("MACAROON_SECRET_KEY"),
      [SYNAPSE_FILES.secret("form_secret")]: secretRef("FORM_SECRET"),
      [SYNAPSE_FILES.secret("replication")]: secretRef("REPLICATION"),
      [SYNAPSE_FILES.secret("redis")]: secretRef("REDIS"),
      [SYNAPSE_FILES.secret("audit_drain_token")]: secretRef("AUDIT_DRAIN_TOKEN"),
      ...(args.oidc ? { [SYNAPSE_FILES.secret("oidc_client_secret")]: secretRef("OIDC_CLIENT_SECRET") } : {}),
    };

    // Only main runs SSO logins (topologyRoutes.ts "sso"), so only main holds the hook's token;
    // the workers' shared config names the file but no worker ever opens it.
    const mainSecrets: TaskSecret[] = args.oidc?.groupSync ? [{ name: "SSO_HOOK_TOKEN", valueFrom: args.oidc.groupSync.tokenSecret.arn }] : [];
    const mainSecretFiles: Record<string, string> = args.oidc?.groupSync ? { [SYNAPSE_FILES.ssoHookToken]: secretRef("SSO_HOOK_TOKEN") } : {};

    this.services = {};
    for (const svc of renderAwsServices(args.topology)) {
      const isMain = svc.kind === "main";
      this.services[svc.instance] = this.service(name, svc, args, {
        executionRoleArn: executionRole.arn,
        taskRoleArn: taskRole.arn,
        logGroupName: logGroup.name,
        rendered,
        baseSecrets: isMain ? [...baseSecrets, ...mainSecrets] : baseSecrets,
        secretFiles: isMain ? { ...secretFiles, ...mainSecretFiles } : secretFiles,
      });
    }
    this.registerOutputs({ services: Object.keys(this.services) });
  }

  private service(
    name: string,
    svc: AwsSynapseService,
    args: HomeserverArgs,
    c: {
      executionRoleArn: pulumi.Output<string>;
      taskRoleArn: pulumi.Output<string>;
      logGroupName: pulumi.Output<string>;
      rendered: pulumi.Output<{ out: Record<string, { shared: string; worker?: string }>; registration: string }>;
      baseSecrets: TaskSecret[];
      secretFiles: Record<string, string>;
    },
  ): aws.ecs.Service {
    const parent = { parent: this };
    const label = instanceDnsLabel(svc.instance);
    const isMain = svc.kind === "main";
    const files = c.rendered.apply((r) => ({
      ...c.secretFiles,
      [SYNAPSE_FILES.shared]: (r.out[svc.instance] as { shared: string }).shared,
      ...(isMain ? { [SYNAPSE_FILES.registration]: r.registration } : { [SYNAPSE_FILES.worker]: r.out[svc.instance]?.worker ?? "" }),
    }));
    const scheme = svc.servesRequests ? "https" : "http";
    const command = ["python", "-m", svc.app, "-c", SYNAPSE_FILES.shared, ...(isMain ? [] : ["-c", SYNAPSE_FILES.worker])];
    const containers = pulumi
      .all([files, filesEnv({ [SYNAPSE_FILES.dbInit]: databaseInitSql() }), args.database.address, args.region, c.logGroupName])
      .apply(([f, initFiles, dbHost, region, logGroupName]) => {
        const accounts = accountsTaskFiles({ domain: args.domain, serverName: args.policy.homeserver.serverName, dbHost });
        const logCfg = (prefix: string) => ({ logDriver: "awslogs", options: { "awslogs-group": logGroupName, "awslogs-region": region, "awslogs-stream-prefix": prefix } });
        const pg = [
          { name: "PGHOST", value: dbHost },
          { name: "PGSSLMODE", value: "verify-full" },
          { name: "PGSSLROOTCERT", value: SYNAPSE_FILES.rdsCa },
        ];
        return [
          ...(isMain
            ? [
                {
                  // Prepares databases and roles before main starts (databaseInit.ts); idempotent.
                  name: "db-init",
                  image: args.image,
                  essential: false,
                  command: [
                    "sh",
                    "-c",
                    `psql -U wardroom_admin -d postgres -v synapse_password="$WARDROOM_SECRET_DB_SYNAPSE" -v app_password="$WARDROOM_SECRET_DB_APP" -v audit_owner_password="$WARDROOM_SECRET_DB_AUDIT_OWNER" -v audit_writer_password="$WARDROOM_SECRET_DB_AUDIT_WRITER" -f ${SYNAPSE_FILES.dbInit}`,
                  ],
                  environment: [...pg, initFiles],
                  logConfiguration: logCfg("db-init"),
                  readonlyRootFilesystem: false,
                },
              ]
            : []),
          {
            name: "synapse",
            image: args.image,
            essential: true,
            command,
            environment: [...pg, { name: "WARDROOM_FILES", value: JSON.stringify(f) }, { name: "WARDROOM_TLS_SELF_SIGNED", value: "1" }, { name: "SYNAPSE_INSTANCE", value: svc.instance }],
            portMappings: [
              { containerPort: SYNAPSE_PORTS.http, protocol: "tcp" },
              ...(svc.replication ? [{ containerPort: SYNAPSE_PORTS.replication, protocol: "tcp" }] : []),
              { containerPort: SYNAPSE_PORTS.metrics, protocol: "tcp" },
            ],
            healthCheck: {
              command: ["CMD", "python", "-c", `import ssl,urllib.request;urllib.request.urlopen('${scheme}://127.0.0.1:${SYNAPSE_PORTS.http}/health',context=ssl._create_unverified_context(),timeout=5)`],
              interval: 15,
              timeout: 6,
              retries: 4,
              startPeriod: 120,
            },
            ...(isMain ? { dependsOn: [{ containerName: "db-init", condition: "SUCCESS" }] } : {}),
            logConfiguration: logCfg(label),
            user: "991:991",
          },
          ...(isMain
            ? [
                {
                  // Registers the apps' accounts once Synapse answers (through the internal load
                  // balancer, by the homeserver's name), then exits; idempotent, so every
                  // deployment of main runs it. Non-essential: main keeps running after it.
                  name: "accounts",
                  image: args.accounts.image,
                  essential: false,
                  command: ["node", "bin/run-ts.mjs", "runtime/bootstrap/accountsMain.ts"],
                  environment: [
                    { name: "WARDROOM_FILES", value: JSON.stringify(accounts.files) },
                    { name: "WARDROOM_ACCOUNTS_CONFIG", value: accounts.configFile },
                    { name: "WARDROOM_LOG_LEVEL", value: "info" },
                  ],
                  dependsOn: [{ containerName: "db-init", condition: "SUCCESS" }],
                  logConfiguration: logCfg("accounts"),
                  readonlyRootFilesystem: false,
                  user: "1000:1000",
                },
              ]
            : []),
        ];
      });
    const dbSecrets: TaskSecret[] = [
      { name: "DB_SYNAPSE", valueFrom: args.database.roleSecrets.synapse.arn },
      { name: "DB_APP", valueFrom: args.database.roleSecrets.app.arn },
      { name: "DB_AUDIT_OWNER", valueFrom: args.database.roleSecrets.audit_owner.arn },
      { name: "DB_AUDIT_WRITER", valueFrom: args.database.roleSecrets.audit_writer.arn },
    ];
    const initSecrets = [...secretEnv(dbSecrets), { name: "PGPASSWORD", valueFrom: pulumi.interpolate`${args.database.masterSecretArn}:password::` }];
    const synapseSecrets = [...secretEnv(c.baseSecrets), { name: "PGPASSWORD", valueFrom: args.database.roleSecrets.synapse.arn }];
    const accountSecrets = secretEnv([
      { name: "REGISTRATION_SHARED_SECRET", valueFrom: (c.baseSecrets.find((t) => t.name === "REGISTRATION_SHARED_SECRET") as TaskSecret).valueFrom },
      { name: "SERVICE_PASSWORD", valueFrom: args.accounts.servicePassword.arn },
      { name: "BREAKGLASS_PASSWORD", valueFrom: args.accounts.breakGlassPassword.arn },
      { name: "DB_APP", valueFrom: args.database.roleSecrets.app.arn },
    ]);
    const containerDefinitions = pulumi
      .all([containers, pulumi.output(initSecrets), pulumi.output(synapseSecrets), pulumi.output(accountSecrets)])
      .apply(([defs, init, syn, acc]) => JSON.stringify(defs.map((d) => ({ ...d, secrets: d.name === "db-init" ? init : d.name === "accounts" ? acc : syn })))); // secrets: ARNs only, never values
    const size = isMain ? args.taskSizes.main : args.taskSizes.worker;
    const taskDefinition = new aws.ecs.TaskDefinition(
      `${name}-${label}`,
      {
        family: `wardroom-${pulumi.getStack()}-synapse-${label}`,
        requiresCompatibilities: ["FARGATE"],
        networkMode: "awsvpc",
        cpu: String(size.cpu),
        memory: String(size.memory),
        executionRoleArn: c.executionRoleArn,
        taskRoleArn: c.taskRoleArn,
        runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "ARM64" },
        containerDefinitions,
        tags: args.tags,
      },
      parent,
    );
    const registry = svc.replication
      ? new aws.servicediscovery.Service(
          `${name}-${label}-dns`,
          { name: label, dnsConfig: { namespaceId: args.namespace.id, dnsRecords: [{ type: "A", ttl: 10 }], routingPolicy: "MULTIVALUE" }, healthCheckCustomConfig: {}, tags: args.tags },
          parent,
        )
      : undefined;
    return new aws.ecs.Service(
      `${name}-${label}`,
      {
        cluster: args.cluster.arn,
        taskDefinition: taskDefinition.arn,
        desiredCount: 1,
        launchType: "FARGATE",
        platformVersion: "LATEST",
        // One task per worker_name: never two processes with the same name, even during a deploy.
        deploymentMinimumHealthyPercent: 0,
        deploymentMaximumPercent: 100,
        deploymentCircuitBreaker: { enable: true, rollback: true },
        networkConfiguration: { subnets: args.appSubnetIds, securityGroups: [args.securityGroup.id], assignPublicIp: false },
        loadBalancers: svc.targetGroups.map((g) => ({ targetGroupArn: (this.targetGroups[g] as aws.lb.TargetGroup).arn, containerName: "synapse", containerPort: SYNAPSE_PORTS.http })),
        ...(svc.targetGroups.length ? { healthCheckGracePeriodSeconds: 180 } : {}),
        ...(registry ? { serviceRegistries: { registryArn: registry.arn } } : {}),
        enableExecuteCommand: false,
        propagateTags: "SERVICE",
        tags: { ...args.tags, "wardroom:synapse-instance": svc.instance, "wardroom:synapse-kind": svc.kind },
      },
      parent,
    );
  }
}
