import { z } from "zod";
import { InputError } from "../../core/errors.ts";
import { MINIMAL_WORKER_COUNTS, WORKER_COUNT_LIMITS } from "../../core/synapse/topology.ts";

/**
 * The stack settings of the AWS deployment, under the `wardroom:` config namespace
 * (Pulumi.example.yaml documents every key). Validated here so that a mistake names its key
 * (`wardroom:database.instanceClass: ...`) before any resource is planned.
 *
 * Security-relevant switches (media.blockPublicAccess, database.storageEncrypted,
 * audit.logRetentionDays, edge.sslPolicy) are settings rather than constants so that the
 * policy pack (policies/guardrails) is the one place that refuses an insecure stack, whether
 * it comes from this file or from an edited program.
 */

const hostname = z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "must be a lower-case DNS name such as matrix.example.org");
const cidr = z.string().regex(/^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/, "must be an IPv4 CIDR block such as 10.40.0.0/16");
const count = (key: keyof typeof WORKER_COUNT_LIMITS) =>
  z.number().int().min(WORKER_COUNT_LIMITS[key].min).max(WORKER_COUNT_LIMITS[key].max).default(MINIMAL_WORKER_COUNTS[key]);
const taskSize = z.strictObject({
  cpu: z.number().int().refine((v) => [256, 512, 1024, 2048, 4096, 8192, 16384].includes(v), "must be a Fargate CPU size (256, 512, 1024, 2048, 4096, 8192 or 16384)"),
  memory: z.number().int().min(512).max(122880),
});

const jinjaTemplate = z.string().regex(/\{\{.+\}\}/, "must be a Jinja template over the provider's claims, such as {{ user.preferred_username }}").max(500);
/**
 * How Synapse reads this provider's claims, where it differs from the policy's identity.sso
 * (core/synapse/oidc.ts: OidcProviderOverrides). Absent keys keep the policy's (or, for
 * Cognito, the Cognito defaults in infra/aws/identity.ts).
 */
/**
 * Matrix Authentication Service (Element X's OIDC-native sign-in) needs its own image and
 * config, which this program does not build yet (MAS cannot be built or run on the machines
 * this program is developed on): asking for it is refused, naming the key, rather than
 * accepted and silently not deployed.
 */
const masNotDeployed = z
  .boolean()
  .default(false)
  .refine((v) => v === false, "Matrix Authentication Service is not deployed by this program yet; leave it false (docs/identity.md, Clients)");

const oidcProviderSettings = {
  scopes: z
    .array(z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, "must be an OAuth scope (no spaces or quotes)"))
    .min(1)
    .refine((s) => s.includes("openid"), "must include openid")
    .optional(),
  localpartTemplate: jinjaTemplate.optional(),
  displayNameTemplate: jinjaTemplate.optional(),
  groupsClaim: z.string().regex(/^[A-Za-z_][A-Za-z0-9_:.-]*$/, "must be a claim name such as groups or cognito:groups").optional(),
  userProfileMethod: z.enum(["userinfo_endpoint", "auto"]).optional(),
  backchannelLogout: z.boolean().optional(),
};

export const WardroomStackConfigSchema = z.strictObject({
  /** Public host of the homeserver (clients and the SNS webhook reach it). */
  domain: hostname,
  /** Host of the admin console and SCIM. */
  consoleDomain: hostname,
  /** ACM certificate covering domain and consoleDomain. */
  certificateArn: z.string().startsWith("arn:aws:acm:", "must be an ACM certificate ARN"),
  /** The organisation's policy, relative to the repository root. */
  policyFile: z.string().min(1).default("policies/hipaa.yaml"),
  /** Networks allowed to reach the admin API, the console and SCIM. */
  adminNetworks: z.array(cidr).min(1, "must list at least one network (the admin API and console are never open to everyone)"),
  network: z
    .strictObject({
      cidr: cidr.default("10.40.0.0/16"),
      /** NAT gateways for outbound internet from the app subnets (push gateways, Twilio): 1 or one per zone. */
      natGateways: z.union([z.literal(1), z.literal(3)]).default(1),
    })
    .default({ cidr: "10.40.0.0/16", natGateways: 1 }),
  database: z
    .strictObject({
      instanceClass: z.string().regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, "must be an RDS instance class such as db.m7g.large").default("db.m7g.large"),
      allocatedStorageGb: z.number().int().min(20).max(65536).default(100),
      maxAllocatedStorageGb: z.number().int().min(20).max(65536).default(500),
      engineVersion: z.string().regex(/^\d+(\.\d+)?$/).default("16"),
      multiAz: z.boolean().default(true),
      storageEncrypted: z.boolean().default(true),
      backupRetentionDays: z.number().int().min(0).max(35).default(35),
      deletionProtection: z.boolean().default(true),
    })
    .prefault({}),
  cache: z
    .strictObject({
      nodeType: z.string().regex(/^cache\.[a-z0-9]+\.[a-z0-9]+$/, "must be an ElastiCache node type such as cache.t4g.medium").default("cache.t4g.medium"),
      /** Replicas besides the primary (1 or more for automatic failover). */
      replicas: z.number().int().min(0).max(5).default(1),
    })
    .prefault({}),
  media: z.strictObject({ blockPublicAccess: z.boolean().default(true) }).prefault({}),
  edge: z
    .strictObject({
      sslPolicy: z.string().startsWith("ELBSecurityPolicy-").default("ELBSecurityPolicy-TLS13-1-2-2021-06"),
      /** Requests per 5 minutes from one IP before WAF blocks it. */
      wafRateLimit: z.number().int().min(100).max(2_000_000_000).default(3000),
    })
    .prefault({}),
  workers: z
    .strictObject({
      clientReaders: count("clientReaders"),
      syncWorkers: count("syncWorkers"),
      eventPersisters: count("eventPersisters"),
      pushers: count("pushers"),
      mediaRepositories: count("mediaRepositories"),
    })
    .prefault({}),
  tasks: z
    .strictObject({
      main: taskSize.default({ cpu: 1024, memory: 4096 }),
      worker: taskSize.default({ cpu: 512, memory: 2048 }),
      app: taskSize.default({ cpu: 256, memory: 1024 }),
    })
    .prefault({}),
  images: z.strictObject({
    /** Built from infra/synapse/Dockerfile (the pinned Synapse, Wardroom's module, the S3 storage provider). */
    synapse: z.string().min(1),
    /** Built from infra/images/wardroom.Dockerfile (the bridge, the bots, the console). */
    wardroom: z.string().min(1),
  }),
  sms: z.discriminatedUnion("provider", [
    z.strictObject({
      provider: z.literal("end-user-messaging"),
      /** ISO country of the practice number to request. */
      isoCountryCode: z.string().regex(/^[A-Z]{2}$/).default("US"),
      numberType: z.enum(["TOLL_FREE", "TEN_DLC", "LONG_CODE", "SIMULATOR"]).default("TOLL_FREE"),
    }),
    z.strictObject({ provider: z.literal("twilio") }),
  ]),
  identity: z
    .discriminatedUnion("provider", [
      z.strictObject({ provider: z.literal("cognito"), ...oidcProviderSettings, matrixAuthenticationService: masNotDeployed }),
      z.strictObject({
        provider: z.literal("oidc"),
        /** Required when the policy has identity.sso.enabled (checked against the policy: checkIdentityAgainstPolicy). */
        issuer: z.url({ protocol: /^https$/, error: "must be the provider's https issuer URL" }).optional(),
        clientId: z.string().min(1).optional(),
        /** A Secrets Manager secret already holding the client secret; without it the stack makes an empty one for the operator to fill. */
        clientSecretArn: z.string().startsWith("arn:aws:secretsmanager:", "must be a Secrets Manager secret ARN").optional(),
        ...oidcProviderSettings,
        matrixAuthenticationService: masNotDeployed,
      }),
    ])
    .default({ provider: "cognito", matrixAuthenticationService: false }),
  audit: z
    .strictObject({
      /** CloudWatch Logs retention; HIPAA documentation is kept six years (2192 days). */
      logRetentionDays: z.number().int().min(1).default(2192),
      /** Object Lock retention of the audit archive bucket (compliance mode). */
      archiveRetentionYears: z.number().int().min(1).max(100).default(6),
      /** Optional: AWS's "Operational Best Practices for HIPAA Security" conformance pack template file. */
      conformancePackTemplateFile: z.string().min(1).optional(),
    })
    .prefault({}),
  tags: z.record(z.string(), z.string()).default({}),
});

export type WardroomStackConfig = z.infer<typeof WardroomStackConfigSchema>;

/** Config values as Pulumi hands them over: strings, with structured values as JSON text. */
export function parseStackConfig(raw: Record<string, string | undefined>): WardroomStackConfig {
  const values: Record<string, unknown> = {};
  for (const [key, text] of Object.entries(raw)) {
    if (text === undefined) continue;
    try {
      values[key] = JSON.parse(text);
    } catch {
      values[key] = text;
    }
  }
  const res = WardroomStackConfigSchema.safeParse(values);
  if (!res.success) {
    const lines = res.error.issues.map((i) => `wardroom:${i.path.map(String).join(".") || "(root)"}: ${i.message}`);
    throw new InputError(`invalid stack config:\n  ${lines.join("\n  ")}`);
  }
  return res.data;
}

export const STACK_CONFIG_KEYS = Object.keys(WardroomStackConfigSchema.shape) as (keyof WardroomStackConfig)[];

/**
 * The checks that need the policy: with single sign-on on, Synapse needs the provider's
 * issuer and client id (Cognito's come from the pool the stack makes).
 */
export function checkIdentityAgainstPolicy(identity: WardroomStackConfig["identity"], policy: { identity: { sso: { enabled: boolean } } }, policyFile: string): void {
  if (!policy.identity.sso.enabled || identity.provider !== "oidc") return;
  const missing = (["issuer", "clientId"] as const).filter((k) => !identity[k]);
  if (missing.length === 0) return;
  const lines = missing.map((k) => `wardroom:identity.${k}: required: the policy (${policyFile}) turns single sign-on on (identity.sso.enabled), so Synapse needs the OpenID provider's ${k === "issuer" ? "issuer URL" : "client id"}`);
  throw new InputError(`invalid stack config:\n  ${lines.join("\n  ")}`);
}
