import pg from "pg";
import type { TestProject } from "vitest/node";
import { parsePostgresUrl } from "../../infra/local/database.ts";

/**
 * A fresh database name on the test PostgreSQL server (WARDROOM_TEST_DATABASE_URL, default the
 * local server, trust auth), or undefined when the server does not answer: then the project
 * is skipped with its reason, except in CI, where that is a failure.
 */
export async function freshTestDatabaseUrl(project: TestProject, label: string, prefix: string): Promise<string | undefined> {
  const server = process.env.WARDROOM_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const base = parsePostgresUrl(server, "WARDROOM_TEST_DATABASE_URL");
  const probe = new pg.Client({ host: base.host, port: base.port, user: base.user, password: base.password, database: base.database, connectionTimeoutMillis: 3000 });
  try {
    await probe.connect();
    await probe.end();
  } catch (err) {
    skipOrFail(project, label, `PostgreSQL not reachable at ${base.host}:${base.port} (${(err as Error).message}); set WARDROOM_TEST_DATABASE_URL`, err);
    return undefined;
  }
  const url = new URL(server);
  url.pathname = `/${prefix}_${process.pid}_${Date.now().toString(36)}`;
  return url.toString();
}

/** Outside CI a missing server skips the project with its reason; in CI it fails the run. */
export function skipOrFail(project: TestProject, label: string, reason: string, cause?: unknown): void {
  if (process.env.CI) throw new Error(`${reason}. CI must run the ${label} integration tests.`, { cause });
  process.stderr.write(`[${label}] skipping: ${reason}\n`);
  project.provide("stack", null);
  project.provide("stackSkipReason", reason);
}
