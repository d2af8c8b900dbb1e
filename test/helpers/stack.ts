import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, inject } from "vitest";
import type { StackInfo } from "../../infra/local/stack.ts";
import { repoRoot } from "../../runtime/paths.ts";

/**
 * `describe` over the running stack; when this project has no stack (PostgreSQL unreachable
 * outside CI) the block is skipped and the reason is in its name.
 */
export function describeWithStack(name: string, body: (stack: () => StackInfo) => void): void {
  const stack = inject("stack");
  const title = stack ? name : `${name} (skipped: ${inject("stackSkipReason")})`;
  describe.skipIf(!stack)(title, () => body(() => stack as StackInfo));
}

export function readPassword(passwordFile: string): string {
  return readFileSync(resolve(repoRoot, passwordFile), "utf8").trim();
}
