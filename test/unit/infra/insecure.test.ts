import { beforeAll, describe, expect, it } from "vitest";
import { guardrailPolicies } from "../../../policies/guardrails/policies.ts";
import { exampleStackConfig, mockPulumi, runProgram, type RecordedResource } from "./pulumiMocks.ts";
import { runPolicy } from "./policyHarness.ts";

/**
 * The example stack made insecure through its config (a public media bucket, an unencrypted
 * database, one month of logs, a TLS 1.0 listener): the program still plans it (the config is
 * well-formed), and the named policy refuses each weakness.
 */
let resources: RecordedResource[] = [];
beforeAll(async () => {
  const base = exampleStackConfig();
  const json = (k: string) => JSON.parse(base[k] as string) as Record<string, unknown>;
  resources = await mockPulumi(
    exampleStackConfig({
      "wardroom:media": { ...json("wardroom:media"), blockPublicAccess: false },
      "wardroom:database": { ...json("wardroom:database"), storageEncrypted: false },
      "wardroom:audit": { ...json("wardroom:audit"), logRetentionDays: 30 },
      "wardroom:edge": { ...json("wardroom:edge"), sslPolicy: "ELBSecurityPolicy-TLS-1-0-2015-04" },
    }),
    "insecure",
  );
  await runProgram();
}, 60_000);

async function violationsByPolicy(): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const r of resources) {
    for (const policy of guardrailPolicies) {
      const res = await runPolicy(policy, { type: r.type, name: r.name, props: r.inputs });
      if (res.applicable && res.violations.length) out.set(policy.name, [...(out.get(policy.name) ?? []), ...res.violations.map((v) => `${r.name}: ${v}`)]);
    }
  }
  return out;
}

describe("an insecure variant of the example stack", () => {
  it("is refused by the named policies, and only those", async () => {
    const v = await violationsByPolicy();
    expect([...v.keys()].sort()).toEqual(["lb-tls-only-listeners", "log-group-six-years-kms", "rds-encrypted-at-rest", "s3-no-public-buckets"]);
    expect(v.get("s3-no-public-buckets")!.join("\n")).toMatch(/^media-bucket-public-access: blockPublicAcls must be true/m);
    expect(v.get("rds-encrypted-at-rest")!.join("\n")).toMatch(/database-postgres: storageEncrypted must be true/);
    expect(v.get("lb-tls-only-listeners")!.join("\n")).toMatch(/ELBSecurityPolicy-TLS-1-0-2015-04 allows TLS below 1.2/);
    // Every log group of the stack is refused, naming its retention.
    expect(v.get("log-group-six-years-kms")!.every((x) => x.includes("retentionInDays must be at least 2192 (is 30)"))).toBe(true);
  });
});
