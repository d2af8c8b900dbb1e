import { describe, expect, it } from "vitest";
import { checkSync } from "recheck";
import { PHI_PATTERNS } from "../../../core/phi/index.ts";

// The pure-JS checker runs in this thread: no Java, no native binary, no worker.
process.env.RECHECK_SYNC_BACKEND = "pure";

describe("regular expressions of the detector", () => {
  it("lists some patterns to check", () => {
    expect(PHI_PATTERNS.length).toBeGreaterThan(5);
  });

  it.each(PHI_PATTERNS.map((p) => [p.name, p.pattern] as const))("%s has no catastrophic backtracking", (_name, pattern) => {
    const result = checkSync(pattern.source, pattern.flags, { timeout: 20_000 });
    expect(result.status, `${pattern} ${JSON.stringify(result)}`).toBe("safe");
  });
});
