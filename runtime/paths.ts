import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (this file lives in runtime/). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Where all local state lives; overridable so tests and several stacks can coexist. */
export function stateDir(): string {
  return resolve(process.env.WARDROOM_STATE_DIR ?? join(repoRoot, ".wardroom"));
}

export const defaultPolicyPath = join(repoRoot, "policies", "hipaa.yaml");
