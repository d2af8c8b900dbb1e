import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument, type Document } from "yaml";
import { allocatePorts } from "../../infra/local/componentTable.ts";
import { freePort } from "../../infra/local/networkPorts.ts";
import { startLocalStack, type LocalStack } from "../../infra/local/stack.ts";
import type { WorkerModeInput } from "../../infra/local/workerMode.ts";
import { defaultPolicyPath, stateDir } from "../../runtime/paths.ts";

/**
 * A whole local stack for one benchmark, in its own state folder on free ports, with the
 * shipped policy as `tune` changes it and the harness's relaxed rate limits. `close` stops it
 * and removes its folder.
 */
export async function startBenchStack(
  name: string,
  o: { tune?: (policy: Document) => void; bcryptRounds?: number; databaseUrl?: string; workers?: WorkerModeInput } = {},
): Promise<{ stack: LocalStack; stackDir: string; close(): Promise<void> }> {
  const stackDir = join(stateDir(), "bench", `${name}-${process.pid}`);
  rmSync(stackDir, { recursive: true, force: true });
  mkdirSync(stackDir, { recursive: true });
  const doc = parseDocument(readFileSync(defaultPolicyPath, "utf8"));
  o.tune?.(doc);
  const policyFile = join(stackDir, "policy.yaml");
  writeFileSync(policyFile, doc.toString());
  const stack = await startLocalStack({
    stackDir,
    policyFile,
    host: "127.0.0.1",
    ports: await allocatePorts(() => freePort()),
    rateLimits: "local",
    writeStackJson: false,
    ...(o.bcryptRounds !== undefined ? { bcryptRounds: o.bcryptRounds } : {}),
    ...(o.databaseUrl ? { databaseUrl: o.databaseUrl } : {}),
    ...(o.workers ? { workers: o.workers } : {}),
    progress: (line) => process.stderr.write(`[bench] ${line}\n`),
  });
  return {
    stack,
    stackDir,
    async close() {
      await stack.stop();
      rmSync(stackDir, { recursive: true, force: true });
    },
  };
}
