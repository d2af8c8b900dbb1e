import { defineConfig } from "vitest/config";

/**
 * Four projects:
 * - unit: pure logic and single processes, no homeserver.
 * - integration: against a real Synapse started by the local-stack code (SQLite).
 * - integration-postgres: the same tests with Synapse, the bridge store and the audit and
 *   consent ledgers on PostgreSQL (WARDROOM_TEST_DATABASE_URL, default the local server; CI requires it).
 * - integration-workers: the same tests with Synapse in worker mode (main + workers behind the
 *   local router, PostgreSQL and Redis; CI requires both), plus the worker tests
 *   (test/integration/workers*.test.ts), which only make sense there.
 */
const workerOnly = "test/integration/workers*.test.ts";
/** `local up` starts its own stack (SQLite): it runs once, in the integration project. */
const sqliteOnly = "test/integration/localUpLifecycle.test.ts";
/**
 * Single sign-on starts a single-process stack of its own (SSO on) whatever the project: in the
 * worker project it would only repeat the other projects' run beside a running worker stack.
 * The routing of SSO to the main process in worker mode is covered by the unit tests.
 */
const ownSingleProcessStack = "test/integration/sso.test.ts";
const integration = {
  include: ["test/integration/**/*.test.ts"],
  testTimeout: 60_000,
  hookTimeout: 120_000,
  // The stack is shared by every test file of the project; files run one at a time so that
  // tests of rate limits and global state cannot disturb each other.
  fileParallelism: false,
};

export default defineConfig({
  test: {
    reporters: ["default", "./test/setup/summaryReporter.ts"],
    // Stopping a stack (Synapse, the bridge, the bot) takes a few seconds; never leave it running.
    teardownTimeout: 60_000,
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          ...integration,
          name: "integration",
          exclude: [workerOnly],
          globalSetup: ["test/setup/stackSqlite.ts"],
        },
      },
      {
        test: {
          ...integration,
          name: "integration-postgres",
          exclude: [workerOnly, sqliteOnly],
          globalSetup: ["test/setup/stackPostgres.ts"],
        },
      },
      {
        test: {
          ...integration,
          name: "integration-workers",
          exclude: [sqliteOnly, ownSingleProcessStack],
          globalSetup: ["test/setup/stackWorkers.ts"],
        },
      },
    ],
  },
});
