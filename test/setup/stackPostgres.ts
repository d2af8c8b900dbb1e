import type { TestProject } from "vitest/node";
import { freshTestDatabaseUrl } from "./testDatabase.ts";
import { startTestStack } from "./testStack.ts";

/**
 * The integration tests again with Synapse on PostgreSQL, in a fresh database created for the
 * run and dropped afterwards (testDatabase.ts says where, and what happens without a server).
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const url = await freshTestDatabaseUrl(project, "postgres", "wardroom_it");
  if (!url) return undefined;
  return startTestStack(project, "postgres", { databaseUrl: url });
}
