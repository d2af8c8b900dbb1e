import { describe, expect, it } from "vitest";
import { InputError } from "../../../core/errors.ts";
import { parseStackConfig } from "../../../infra/aws/config.ts";
import { exampleStackConfig } from "./pulumiMocks.ts";

/** The example's `wardroom:` keys without the namespace, as infra/index.ts hands them over. */
function example(overrides: Record<string, unknown> = {}, drop: string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(exampleStackConfig())) if (k.startsWith("wardroom:")) out[k.slice("wardroom:".length)] = v;
  for (const [k, v] of Object.entries(overrides)) out[k] = typeof v === "string" ? v : JSON.stringify(v);
  for (const k of drop) delete out[k];
  return out;
}

const errorOf = (raw: Record<string, string>): string => {
  try {
    parseStackConfig(raw);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as Error).message;
  }
  throw new Error("expected the config to be refused");
};

describe("the wardroom: stack config", () => {
  it("reads the example stack", () => {
    const cfg = parseStackConfig(example());
    expect(cfg.domain).toBe("matrix.example.org");
    expect(cfg.workers).toEqual({ clientReaders: 2, syncWorkers: 2, eventPersisters: 2, pushers: 1, mediaRepositories: 1 });
    expect(cfg.sms).toEqual({ provider: "end-user-messaging", isoCountryCode: "US", numberType: "TOLL_FREE" });
  });

  it("fills secure defaults for the optional sections", () => {
    const cfg = parseStackConfig(example({}, ["database", "cache", "media", "edge", "workers", "tasks", "audit", "network", "identity", "tags", "policyFile"]));
    expect(cfg.database).toMatchObject({ multiAz: true, storageEncrypted: true, backupRetentionDays: 35, deletionProtection: true });
    expect(cfg.media.blockPublicAccess).toBe(true);
    expect(cfg.edge.sslPolicy).toBe("ELBSecurityPolicy-TLS13-1-2-2021-06");
    expect(cfg.audit.logRetentionDays).toBe(2192);
    expect(cfg.workers.syncWorkers).toBe(1);
  });

  it("names the key of a bad value", () => {
    expect(errorOf(example({ database: { instanceClass: "m7g.large" } }))).toMatch(/wardroom:database\.instanceClass: must be an RDS instance class/);
    expect(errorOf(example({ workers: { syncWorkers: 0 } }))).toMatch(/wardroom:workers\.syncWorkers/);
    expect(errorOf(example({ adminNetworks: ["10.0.0.0"] }))).toMatch(/wardroom:adminNetworks\.0: must be an IPv4 CIDR block/);
    expect(errorOf(example({ certificateArn: "cert-123" }))).toMatch(/wardroom:certificateArn: must be an ACM certificate ARN/);
    expect(errorOf(example({ sms: { provider: "carrier-pigeon" } }))).toMatch(/wardroom:sms\.provider/);
    // Asked for, never silently left out.
    expect(errorOf(example({ identity: { provider: "cognito", matrixAuthenticationService: true } }))).toMatch(/wardroom:identity\.matrixAuthenticationService: Matrix Authentication Service is not deployed/);
  });

  it("names a missing key and an unknown one", () => {
    expect(errorOf(example({}, ["domain"]))).toMatch(/wardroom:domain/);
    expect(errorOf(example({ domian: "typo.example.org" }))).toMatch(/wardroom:\(root\): Unrecognized key.*domian/);
  });

  it("never opens the admin surface to everyone by an empty list", () => {
    expect(errorOf(example({ adminNetworks: [] }))).toMatch(/wardroom:adminNetworks: must list at least one network/);
  });
});
