import type { TestProject } from "vitest/node";
import { checkWorkerServices, parseRedisUrl } from "../../infra/local/workerMode.ts";
import { freshTestDatabaseUrl, skipOrFail } from "./testDatabase.ts";
import { startTestStack } from "./testStack.ts";

/**
 * The integration tests in worker mode: Synapse as main + workers behind the local router
 * (WARDROOM_WORKERS=1), on the machine's PostgreSQL (a fresh database, dropped afterwards) and
 * Redis (WARDROOM_TEST_REDIS_URL, default 127.0.0.1:6379). Its own server name, because
 * Synapse names its Redis channels after it and other worker stacks may share the Redis.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const databaseUrl = await freshTestDatabaseUrl(project, "workers", "wardroom_itw");
  if (!databaseUrl) return undefined;
  const redis = parseRedisUrl(process.env.WARDROOM_TEST_REDIS_URL ?? "redis://127.0.0.1:6379", "WARDROOM_TEST_REDIS_URL");
  const serverName = `w${process.pid}.wardroom.localhost`;
  try {
    await checkWorkerServices({ databaseUrl, redis }, serverName);
  } catch (err) {
    skipOrFail(project, "workers", (err as Error).message, err);
    return undefined;
  }
  return startTestStack(project, "workers", { databaseUrl, workers: { databaseUrl, redis }, serverName });
}
