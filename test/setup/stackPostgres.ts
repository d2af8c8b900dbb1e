import pg from "pg";
import type { TestProject } from "vitest/node";
import { parsePostgresUrl } from "../../infra/local/database.ts";
import { startTestStack } from "./testStack.ts";

/**
 * The integration tests again with Synapse, the bridge store and the audit and consent
 * ledgers on PostgreSQL (the ledgers and the store each in their own schema of Synapse's
 * database, so dropping it drops them too). The server comes from
 * WARDROOM_TEST_DATABASE_URL (default: the local server, trust auth); a fresh database is
 * created for the run and dropped afterwards. Without a reachable server the project is
 * skipped with its reason, except in CI, where that is a failure.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const server = process.env.WARDROOM_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const base = parsePostgresUrl(server, "WARDROOM_TEST_DATABASE_URL");
  const probe = new pg.Client({ host: base.host, port: base.port, user: base.user, password: base.password, database: base.database, connectionTimeoutMillis: 3000 });
  try {
    await probe.connect();
    await probe.end();
  } catch (err) {
    const reason = `PostgreSQL not reachable at ${base.host}:${base.port} (${(err as Error).message}); set WARDROOM_TEST_DATABASE_URL`;
    if (process.env.CI) throw new Error(`${reason}. CI must run the PostgreSQL integration tests.`, { cause: err });
    process.stderr.write(`[postgres] skipping: ${reason}\n`);
    project.provide("stack", null);
    project.provide("stackSkipReason", reason);
    return undefined;
  }
  const url = new URL(server);
  url.pathname = `/wardroom_it_${process.pid}_${Date.now().toString(36)}`;
  const inSchema = (schema: string) => {
    const u = new URL(url);
    u.searchParams.set("schema", schema);
    return u.toString();
  };
  return startTestStack(project, "postgres", url.toString(), { bridgeStoreUrl: inSchema("wardroom_bridge"), auditUrl: inSchema("wardroom_audit"), consentUrl: inSchema("wardroom_consent") });
}
