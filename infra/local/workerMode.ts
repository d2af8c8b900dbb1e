import { connect } from "node:net";
import { InputError } from "../../core/errors.ts";
import { ensureReachable, parsePostgresUrl } from "./database.ts";

/**
 * The input of the local stack's worker mode: `WARDROOM_WORKERS=1` needs PostgreSQL
 * (`WARDROOM_DATABASE_URL`) and Redis (`WARDROOM_REDIS_URL`). Each problem is one line naming
 * the variable (the CLI exits 2), found before anything starts.
 */

export interface RedisSettings {
  host: string;
  port: number;
  useTls: boolean;
  /** From the URL's password; written to a file for Synapse (never inline in its config). */
  password?: string;
}

export interface WorkerModeInput {
  databaseUrl: string;
  redis: RedisSettings;
}

export function parseRedisUrl(url: string, what = "WARDROOM_REDIS_URL"): RedisSettings {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new InputError(`${what}: not a URL (expected redis://127.0.0.1:6379)`);
  }
  if (u.protocol !== "redis:" && u.protocol !== "rediss:") throw new InputError(`${what}: must start with redis:// or rediss:// (got ${u.protocol}//)`);
  if (u.pathname && u.pathname !== "/" && u.pathname !== "/0") {
    // Synapse's replication uses Redis pub/sub, which ignores database numbers: accepting one would suggest an isolation that does not exist.
    throw new InputError(`${what}: names database ${u.pathname.slice(1)}; Synapse replicates over pub/sub, which Redis does not separate by database (leave the path out)`);
  }
  return {
    host: u.hostname || "127.0.0.1",
    port: u.port ? Number(u.port) : 6379,
    useTls: u.protocol === "rediss:",
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
  };
}

/** Worker mode from the environment: undefined when WARDROOM_WORKERS is unset or 0. */
export function workerModeFromEnv(env: NodeJS.ProcessEnv): WorkerModeInput | undefined {
  const flag = env.WARDROOM_WORKERS ?? "";
  if (flag === "" || flag === "0") return undefined;
  if (flag !== "1") throw new InputError(`WARDROOM_WORKERS: must be 1 (worker mode) or 0 (one Synapse process), got ${JSON.stringify(flag.slice(0, 20))}`);
  const databaseUrl = env.WARDROOM_DATABASE_URL ?? "";
  if (!databaseUrl) throw new InputError("WARDROOM_DATABASE_URL: worker mode needs PostgreSQL (postgres://user@host:5432/database); SQLite is single-process only");
  parsePostgresUrl(databaseUrl);
  const redisUrl = env.WARDROOM_REDIS_URL ?? "";
  if (!redisUrl) throw new InputError("WARDROOM_REDIS_URL: worker mode needs Redis for replication (redis://127.0.0.1:6379)");
  return { databaseUrl, redis: parseRedisUrl(redisUrl) };
}

/** One Redis command over a plain socket; returns the first reply line (a probe, not a client). */
function redisCommand(r: RedisSettings, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: r.host, port: r.port });
    let buffer = "";
    const fail = (err: Error) => {
      socket.destroy();
      reject(err);
    };
    socket.setTimeout(timeoutMs, () => fail(new Error(`no answer within ${timeoutMs} ms`)));
    socket.once("error", fail);
    socket.once("connect", () => {
      const parts = r.password ? [["AUTH", r.password], args] : [args];
      socket.write(parts.map((cmd) => `*${cmd.length}\r\n${cmd.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join("")}`).join(""));
    });
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      const replies = buffer.split("\r\n");
      const needed = r.password ? 2 : 1;
      // AUTH answers one line; the command's own reply follows (a bulk array for PUBSUB).
      if (r.password && replies[0]?.startsWith("-")) return fail(new Error(replies[0].slice(1)));
      const own = replies.slice(needed - 1).join("\r\n");
      if (own.startsWith("-")) return fail(new Error(own.split("\r\n")[0]!.slice(1)));
      if (own.startsWith("+") && own.includes("\r\n")) {
        socket.end();
        return resolve(own.split("\r\n")[0]!);
      }
      // PUBSUB NUMSUB: *2 $n name :count
      const count = /^\*2\r\n\$\d+\r\n[^\r]*\r\n(:\d+)\r\n/.exec(own);
      if (count) {
        socket.end();
        resolve(count[1]!);
      }
    });
  });
}

/**
 * PostgreSQL and Redis answer, and no other running homeserver with this server name
 * replicates through this Redis (Synapse's channels are named after the server name, and
 * pub/sub is shared by every database number: two such stacks would read each other's streams).
 */
export async function checkWorkerServices(input: WorkerModeInput, serverName: string, timeoutMs = 3000): Promise<void> {
  const where = `${input.redis.host}:${input.redis.port}`;
  // The probe speaks plain TCP; with rediss:// Synapse itself reports a Redis it cannot reach.
  if (!input.redis.useTls) {
    try {
      await redisCommand(input.redis, ["PING"], timeoutMs);
    } catch (err) {
      throw new InputError(`WARDROOM_REDIS_URL: Redis at ${where} does not answer (${(err as Error).message})`);
    }
    const subscribers = Number((await redisCommand(input.redis, ["PUBSUB", "NUMSUB", serverName], timeoutMs).catch(() => ":0")).slice(1));
    if (subscribers > 0) {
      throw new InputError(`WARDROOM_REDIS_URL: another homeserver named ${serverName} already replicates through Redis at ${where}; stop it or use another Redis`);
    }
  }
  await ensureReachable(parsePostgresUrl(input.databaseUrl), timeoutMs);
}
