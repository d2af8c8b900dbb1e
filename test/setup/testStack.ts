import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { parseDocument } from "yaml";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { dropDatabase, parsePostgresUrl } from "../../infra/local/database.ts";
import { allocatePorts } from "../../infra/local/componentTable.ts";
import { freePort } from "../../infra/local/networkPorts.ts";
import { startLocalStack, type StackInfo } from "../../infra/local/stack.ts";
import type { WorkerModeInput } from "../../infra/local/workerMode.ts";
import { defaultPolicyPath, stateDir } from "../../runtime/paths.ts";

/** A staff member's phone in the test policy (`sms.staffNumbers`). */
export const TEST_STAFF_NUMBER = "+15555550199";

declare module "vitest" {
  export interface ProvidedContext {
    /** The running stack, or null when this project cannot run here (see stackSkipReason). */
    stack: StackInfo | null;
    stackSkipReason: string;
  }
}

/**
 * Where the stack's own databases live when not in SQLite files inside the stack folder: the
 * PostgreSQL project puts the bridge store and the audit and consent ledgers on PostgreSQL too.
 */
export interface TestStackDatabases {
  bridgeStoreUrl: string;
  auditUrl: string;
  consentUrl: string;
}

/**
 * Starts the same stack code `npm start` runs, on free ports and in its own state folder, once
 * per test run and project; tests reach it through inject("stack"). With `databaseUrl`,
 * Synapse runs on that PostgreSQL database (dropped afterwards, with everything in it).
 */
export async function startTestStack(
  project: TestProject,
  name: string,
  opts: { databaseUrl?: string; databases?: TestStackDatabases; workers?: WorkerModeInput; serverName?: string } = {},
): Promise<() => Promise<void>> {
  const { databaseUrl } = opts;
  const stackDir = join(stateDir(), "test", `${name}-${process.pid}`);
  rmSync(stackDir, { recursive: true, force: true });
  mkdirSync(stackDir, { recursive: true });
  // The shipped policy, made deterministic for tests: no quiet hours (tests run at any hour)
  // and one staff number to test that staff numbers are never bridged.
  const doc = parseDocument(readFileSync(defaultPolicyPath, "utf8"));
  doc.setIn(["sms", "quietHours", "enabled"], false);
  doc.setIn(["sms", "staffNumbers"], [TEST_STAFF_NUMBER]);
  // Tests sign their accounts in with passwords; single sign-on has its own stack and tests
  // (test/integration/sso.test.ts).
  doc.setIn(["identity", "sso", "enabled"], false);
  // The retention sweep runs every minute, so its test need not wait an hour.
  doc.setIn(["rooms", "retentionSweepMinutes"], 1);
  if (opts.serverName) doc.setIn(["homeserver", "serverName"], opts.serverName);
  const policyFile = join(stackDir, "policy.yaml");
  writeFileSync(policyFile, doc.toString());
  const started = Date.now();
  const stack = await startLocalStack({
    stackDir,
    policyFile,
    host: "127.0.0.1",
    ports: await allocatePorts(() => freePort()),
    databaseUrl,
    ...opts.databases,
    ...(opts.workers ? { workers: opts.workers } : {}),
    writeStackJson: true,
    // The test profile: tests log in and post far faster than people do.
    rateLimits: "local",
    progress: (line) => process.stderr.write(`[${name}] ${line}\n`),
  });
  process.stderr.write(`[${name}] stack up in ${((Date.now() - started) / 1000).toFixed(1)} s at ${stack.info.homeserver.url}\n`);
  project.provide("stack", stack.info);
  project.provide("stackSkipReason", "");
  return async () => {
    await stack.stop();
    if (databaseUrl) await dropDatabase(parsePostgresUrl(databaseUrl)).catch(() => undefined);
    rmSync(stackDir, { recursive: true, force: true });
  };
}
