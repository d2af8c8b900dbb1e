import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { WardroomStackConfig } from "./config.ts";
import { generatedSecret } from "./secrets.ts";

export interface DatabaseArgs {
  settings: WardroomStackConfig["database"];
  vpcId: pulumi.Input<string>;
  subnetIds: pulumi.Input<string>[];
  /** Security groups allowed to connect (the tasks). */
  clientSecurityGroupIds: pulumi.Input<string>[];
  dataKeyArn: pulumi.Input<string>;
  tags: Record<string, string>;
}

/** Login roles the tasks use; their passwords live in Secrets Manager. */
export const DATABASE_ROLES = ["synapse", "app", "audit_owner", "audit_writer"] as const;
export type DatabaseRole = (typeof DATABASE_ROLES)[number];

/**
 * RDS PostgreSQL for Synapse and Wardroom: Multi-AZ, KMS-encrypted, TLS forced, 35 days of
 * backups, deletion protection, never public; the master password is managed by RDS in
 * Secrets Manager. The databases and roles are made by the db-init container (databaseInit.ts).
 */
export class Database extends pulumi.ComponentResource {
  readonly instance: aws.rds.Instance;
  readonly securityGroup: aws.ec2.SecurityGroup;
  readonly roleSecrets: Record<DatabaseRole, aws.secretsmanager.Secret>;

  constructor(name: string, args: DatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
    super("wardroom:infra:Database", name, {}, opts);
    const parent = { parent: this };
    const s = args.settings;
    this.securityGroup = new aws.ec2.SecurityGroup(
      `${name}-sg`,
      {
        vpcId: args.vpcId,
        description: "PostgreSQL from the Wardroom tasks only",
        ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, securityGroups: args.clientSecurityGroupIds, description: "PostgreSQL from the tasks" }],
        egress: [],
        tags: args.tags,
      },
      parent,
    );
    const subnets = new aws.rds.SubnetGroup(`${name}-subnets`, { subnetIds: args.subnetIds, tags: args.tags }, parent);
    const major = s.engineVersion.split(".")[0];
    const params = new aws.rds.ParameterGroup(
      `${name}-params`,
      {
        family: `postgres${major}`,
        description: "Wardroom: TLS only, connections and DDL logged",
        parameters: [
          { name: "rds.force_ssl", value: "1" },
          { name: "ssl_min_protocol_version", value: "TLSv1.2" },
          { name: "log_connections", value: "1" },
          { name: "log_disconnections", value: "1" },
          { name: "log_statement", value: "ddl" },
        ],
        tags: args.tags,
      },
      parent,
    );
    const monitoringRole = new aws.iam.Role(
      `${name}-monitoring`,
      {
        assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "monitoring.rds.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
        managedPolicyArns: ["arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"],
        tags: args.tags,
      },
      parent,
    );
    this.instance = new aws.rds.Instance(
      `${name}-postgres`,
      {
        engine: "postgres",
        engineVersion: s.engineVersion,
        instanceClass: s.instanceClass,
        allocatedStorage: s.allocatedStorageGb,
        maxAllocatedStorage: s.maxAllocatedStorageGb,
        storageType: "gp3",
        storageEncrypted: s.storageEncrypted,
        ...(s.storageEncrypted ? { kmsKeyId: args.dataKeyArn } : {}),
        multiAz: s.multiAz,
        dbSubnetGroupName: subnets.name,
        vpcSecurityGroupIds: [this.securityGroup.id],
        parameterGroupName: params.name,
        publiclyAccessible: false,
        username: "wardroom_admin",
        manageMasterUserPassword: true,
        masterUserSecretKmsKeyId: args.dataKeyArn,
        backupRetentionPeriod: s.backupRetentionDays,
        copyTagsToSnapshot: true,
        deletionProtection: s.deletionProtection,
        skipFinalSnapshot: false,
        finalSnapshotIdentifier: `${name}-final`,
        autoMinorVersionUpgrade: true,
        caCertIdentifier: "rds-ca-rsa2048-g1",
        iamDatabaseAuthenticationEnabled: true,
        enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
        performanceInsightsEnabled: true,
        performanceInsightsKmsKeyId: args.dataKeyArn,
        monitoringInterval: 60,
        monitoringRoleArn: monitoringRole.arn,
        tags: { ...args.tags, "wardroom:backup": "daily" },
      },
      { parent: this, protect: true },
    );
    const secrets = {} as Record<DatabaseRole, aws.secretsmanager.Secret>;
    for (const role of DATABASE_ROLES) {
      secrets[role] = generatedSecret(`${name}-${role.replace("_", "-")}`, { description: `Wardroom database password: ${role}`, kmsKeyArn: args.dataKeyArn, tags: args.tags }, this);
    }
    this.roleSecrets = secrets;
    this.registerOutputs({ endpoint: this.instance.address });
  }
}
