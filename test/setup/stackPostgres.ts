import type { TestProject } from "vitest/node";
import { freshTestDatabaseUrl } from "./testDatabase.ts";
import { startTestStack } from "./testStack.ts";

/**
 * The integration tests again with Synapse, the bridge store and the audit and consent
 * ledgers on PostgreSQL (the ledgers and the store each in their own schema of Synapse's
 * database, so dropping it drops them too), in a fresh database created for the run and
 * dropped afterwards (testDatabase.ts says where, and what happens without a server).
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const url = await freshTestDatabaseUrl(project, "postgres", "wardroom_it");
  if (!url) return undefined;
  const inSchema = (schema: string) => {
    const u = new URL(url);
    u.searchParams.set("schema", schema);
    return u.toString();
  };
  return startTestStack(project, "postgres", { databaseUrl: url, databases: { bridgeStoreUrl: inSchema("wardroom_bridge"), auditUrl: inSchema("wardroom_audit"), consentUrl: inSchema("wardroom_consent") } });
}
