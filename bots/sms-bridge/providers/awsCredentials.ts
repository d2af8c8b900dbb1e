import type { AwsCredentials } from "./awsSigV4.ts";
import { isRecord, parseJson } from "./http.ts";

/**
 * Where AWS credentials come from, without the AWS SDK: static values, the standard
 * environment variables, or the ECS/Fargate container credentials endpoint (the task role,
 * what the Pulumi deployment gives the bridge). Temporary credentials are cached and refreshed
 * five minutes before they expire.
 */
export type AwsCredentialsProvider = () => Promise<AwsCredentials>;

const REFRESH_MARGIN_MS = 5 * 60_000;
const ECS_HOST = "http://169.254.170.2";

export function staticCredentials(credentials: AwsCredentials): AwsCredentialsProvider {
  return () => Promise.resolve(credentials);
}

type Env = Readonly<Record<string, string | undefined>>;

/** AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and optionally AWS_SESSION_TOKEN, or null. */
export function credentialsFromEnv(env: Env): AwsCredentials | null {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) return null;
  return { accessKeyId, secretAccessKey, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) };
}

export interface ContainerCredentialsOptions {
  env: Env;
  fetch?: typeof fetch;
  clock?: () => Date;
  timeoutMs?: number;
  /** Reads AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE when set. */
  readFile?: (path: string) => Promise<string>;
}

/** The container endpoint's URL from the environment, or null when not running in a container. */
export function containerCredentialsUrl(env: Env): string | null {
  if (env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI) return `${ECS_HOST}${env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI}`;
  const full = env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
  if (!full) return null;
  const url = new URL(full);
  // The SDKs only trust a full URI over https or on a loopback/container address.
  const local = ["127.0.0.1", "[::1]", "localhost", "169.254.170.2", "169.254.170.23", "[fd00:ec2::23]"].includes(url.hostname);
  if (url.protocol !== "https:" && !local) {
    throw new Error("AWS_CONTAINER_CREDENTIALS_FULL_URI: must be https or a loopback address");
  }
  return url.toString();
}

/** Credentials from the container endpoint, cached until shortly before they expire. */
export function containerCredentials(options: ContainerCredentialsOptions): AwsCredentialsProvider {
  const fetchImpl = options.fetch ?? fetch;
  const clock = options.clock ?? (() => new Date());
  let cached: AwsCredentials | null = null;
  let pending: Promise<AwsCredentials> | null = null;

  async function load(): Promise<AwsCredentials> {
    const url = containerCredentialsUrl(options.env);
    if (url === null) throw new Error("aws credentials: no container credentials endpoint in the environment");
    const headers: Record<string, string> = {};
    let token = options.env.AWS_CONTAINER_AUTHORIZATION_TOKEN;
    if (options.env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE && options.readFile) {
      token = (await options.readFile(options.env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE)).trim();
    }
    if (token) headers.authorization = token;
    const res = await fetchImpl(url, { headers, signal: AbortSignal.timeout(options.timeoutMs ?? 5000) });
    if (!res.ok) throw new Error(`aws credentials: container endpoint answered HTTP ${res.status}`);
    const json = parseJson(await res.text());
    if (!isRecord(json) || typeof json.AccessKeyId !== "string" || typeof json.SecretAccessKey !== "string") {
      throw new Error("aws credentials: container endpoint answer lacks AccessKeyId/SecretAccessKey");
    }
    const expiration = typeof json.Expiration === "string" ? new Date(json.Expiration) : undefined;
    return {
      accessKeyId: json.AccessKeyId,
      secretAccessKey: json.SecretAccessKey,
      ...(typeof json.Token === "string" ? { sessionToken: json.Token } : {}),
      ...(expiration !== undefined && !Number.isNaN(expiration.getTime()) ? { expiration } : {}),
    };
  }

  return async () => {
    const fresh =
      cached !== null && (cached.expiration === undefined || cached.expiration.getTime() - REFRESH_MARGIN_MS > clock().getTime());
    if (fresh && cached !== null) return cached;
    pending ??= load().finally(() => {
      pending = null;
    });
    cached = await pending;
    return cached;
  };
}

/** Environment variables first, then the container endpoint. */
export function defaultCredentials(options: ContainerCredentialsOptions): AwsCredentialsProvider {
  const fromEnv = credentialsFromEnv(options.env);
  if (fromEnv !== null) return staticCredentials(fromEnv);
  if (containerCredentialsUrl(options.env) !== null) return containerCredentials(options);
  return () => Promise.reject(new Error("aws credentials: set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or run with a container role"));
}
