import { createServer, type Server } from "node:net";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allocatePorts, portsAsEnv } from "../../../infra/local/componentTable.ts";
import { freePort } from "../../../infra/local/networkPorts.ts";
import { checkWorkerServices, parseRedisUrl, workerModeFromEnv } from "../../../infra/local/workerMode.ts";
import { runCli } from "../../helpers/cli.ts";

/**
 * Worker mode's input check: each missing or unreachable service is one line naming its
 * variable, and `local up` exits 2 before starting anything. The Redis side is a few lines
 * of the real wire format (RESP) answering PING and PUBSUB NUMSUB, so no server is needed.
 */
function fakeRedis(subscribers: number): Promise<{ server: Server; url: string }> {
  const server = createServer((socket) => {
    socket.on("data", (chunk) => {
      const text = chunk.toString("utf8");
      if (text.includes("PING")) socket.write("+PONG\r\n");
      if (text.includes("NUMSUB")) {
        const name = text.trimEnd().split("\r\n").at(-1)!;
        socket.write(`*2\r\n$${Buffer.byteLength(name)}\r\n${name}\r\n:${subscribers}\r\n`);
      }
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, url: `redis://127.0.0.1:${(server.address() as { port: number }).port}` })));
}

describe("worker mode input (WARDROOM_WORKERS=1)", () => {
  let idle: { server: Server; url: string };
  let busy: { server: Server; url: string };
  let closedPort = 0;
  beforeAll(async () => {
    idle = await fakeRedis(0);
    busy = await fakeRedis(1);
    closedPort = await freePort();
  });
  afterAll(() => {
    idle.server.close();
    busy.server.close();
  });

  it("is off unless WARDROOM_WORKERS is 1, and names the variable for anything else", () => {
    expect(workerModeFromEnv({})).toBeUndefined();
    expect(workerModeFromEnv({ WARDROOM_WORKERS: "0" })).toBeUndefined();
    expect(() => workerModeFromEnv({ WARDROOM_WORKERS: "yes" })).toThrow(/^WARDROOM_WORKERS: must be 1/);
  });

  it("needs PostgreSQL and Redis, naming the missing variable", () => {
    expect(() => workerModeFromEnv({ WARDROOM_WORKERS: "1", WARDROOM_REDIS_URL: "redis://127.0.0.1:6379" })).toThrow(/^WARDROOM_DATABASE_URL: worker mode needs PostgreSQL/);
    expect(() => workerModeFromEnv({ WARDROOM_WORKERS: "1", WARDROOM_DATABASE_URL: "sqlite:/tmp/x.db" })).toThrow(/^WARDROOM_DATABASE_URL: must start with postgres:\/\//);
    expect(() => workerModeFromEnv({ WARDROOM_WORKERS: "1", WARDROOM_DATABASE_URL: "postgres://postgres@127.0.0.1/synapse" })).toThrow(/^WARDROOM_REDIS_URL: worker mode needs Redis/);
    expect(workerModeFromEnv({ WARDROOM_WORKERS: "1", WARDROOM_DATABASE_URL: "postgres://postgres@127.0.0.1/synapse", WARDROOM_REDIS_URL: "redis://:s3cret@redis.internal:6380" })).toEqual({
      databaseUrl: "postgres://postgres@127.0.0.1/synapse",
      redis: { host: "redis.internal", port: 6380, useTls: false, password: "s3cret" },
    });
  });

  it("refuses a Redis URL that is not one, or that names a database pub/sub would not separate", () => {
    expect(() => parseRedisUrl("127.0.0.1:6379")).toThrow(/^WARDROOM_REDIS_URL: (not a URL|must start with redis:\/\/)/);
    expect(() => parseRedisUrl("http://127.0.0.1:6379")).toThrow(/^WARDROOM_REDIS_URL: must start with redis:\/\//);
    expect(() => parseRedisUrl("redis://127.0.0.1:6379/3")).toThrow(/^WARDROOM_REDIS_URL: names database 3/);
  });

  it("names WARDROOM_REDIS_URL when Redis does not answer", async () => {
    const input = { databaseUrl: `postgres://postgres@127.0.0.1:${closedPort}/synapse`, redis: parseRedisUrl(`redis://127.0.0.1:${closedPort}`) };
    await expect(checkWorkerServices(input, "wardroom.localhost", 1000)).rejects.toThrow(new RegExp(`^WARDROOM_REDIS_URL: Redis at 127\\.0\\.0\\.1:${closedPort} does not answer`));
  });

  it("refuses a Redis another homeserver of the same name already replicates through", async () => {
    const input = { databaseUrl: `postgres://postgres@127.0.0.1:${closedPort}/synapse`, redis: parseRedisUrl(busy.url) };
    await expect(checkWorkerServices(input, "wardroom.localhost", 1000)).rejects.toThrow(/^WARDROOM_REDIS_URL: another homeserver named wardroom\.localhost already replicates/);
  });

  it("names WARDROOM_DATABASE_URL when PostgreSQL does not answer", async () => {
    const input = { databaseUrl: `postgres://postgres@127.0.0.1:${closedPort}/synapse`, redis: parseRedisUrl(idle.url) };
    await expect(checkWorkerServices(input, "wardroom.localhost", 1000)).rejects.toThrow(new RegExp(`^WARDROOM_DATABASE_URL: PostgreSQL at 127\\.0\\.0\\.1:${closedPort} does not answer`));
  });

  it("local up exits 2 with that one line, before starting anything", async () => {
    const state = mkdtempSync(join(tmpdir(), "wardroom-workers-up-"));
    const env = {
      WARDROOM_STATE_DIR: state,
      ...portsAsEnv(await allocatePorts(() => freePort())),
      WARDROOM_WORKERS: "1",
      WARDROOM_DATABASE_URL: `postgres://postgres@127.0.0.1:${closedPort}/synapse`,
      WARDROOM_REDIS_URL: idle.url,
    };
    const res = await runCli(["local", "up"], { env });
    expect(res.code).toBe(2);
    expect(res.stderr.trim().split("\n")).toHaveLength(1);
    expect(res.stderr).toMatch(/^wardroom: WARDROOM_DATABASE_URL: PostgreSQL at 127\.0\.0\.1:\d+ does not answer/);
    const noRedis = await runCli(["local", "up"], { env: { ...env, WARDROOM_REDIS_URL: "" } });
    expect(noRedis.code).toBe(2);
    expect(noRedis.stderr.trim()).toMatch(/^wardroom: WARDROOM_REDIS_URL: worker mode needs Redis/);
  });
});
