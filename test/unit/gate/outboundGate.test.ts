import { describe, expect, it } from "vitest";
import { decideOutbound, type ConsentStateName, type GateInput, type PhiFinding } from "../../../core/gate/outboundGate.ts";
import { PHI_CATEGORIES } from "../../../core/policy/index.ts";

const health: PhiFinding = { containsPhi: true, spans: [{ category: "HEALTH" }, { category: "DATE" }, { category: "HEALTH" }] };
const clean: PhiFinding = { containsPhi: false, spans: [] };

function input(over: Partial<GateInput> & { state?: ConsentStateName; finding?: PhiFinding }): GateInput {
  return {
    kind: "clinician",
    text: "your a1c is 9.1, see you 3/14",
    blockWithoutConsent: [...PHI_CATEGORIES],
    consentState: async () => over.state ?? "unknown",
    detectPhi: () => over.finding ?? health,
    ...over,
  };
}

describe("outbound SMS gate", () => {
  it("blocks PHI to a patient who has not accepted the warning, naming the categories", async () => {
    for (const state of ["unknown", "warned", "declined"] as const) {
      expect(await decideOutbound(input({ state }))).toEqual({ allowed: false, reason: "phi_without_consent", categories: ["DATE", "HEALTH"], consent: state });
    }
  });

  it("lets PHI through once the patient accepted", async () => {
    expect(await decideOutbound(input({ state: "accepted" }))).toEqual({ allowed: true, categories: ["DATE", "HEALTH"], consent: "accepted" });
  });

  it("lets logistics without PHI through before consent", async () => {
    expect(await decideOutbound(input({ state: "unknown", finding: clean, text: "running 10 min late" }))).toMatchObject({ allowed: true, categories: [] });
  });

  it("only blocks the categories the policy names", async () => {
    const onlyNames = input({ state: "unknown", blockWithoutConsent: ["NAME"] });
    expect(await decideOutbound(onlyNames)).toMatchObject({ allowed: true });
  });

  it("sends nothing at all to an opted-out number, not even Wardroom's own texts", async () => {
    expect(await decideOutbound(input({ state: "opted_out", finding: clean }))).toMatchObject({ allowed: false, reason: "opted_out" });
    expect(await decideOutbound(input({ state: "opted_out", kind: "system", finding: clean }))).toMatchObject({ allowed: false, reason: "opted_out" });
  });

  it("fails closed when the consent ledger cannot answer", async () => {
    const res = await decideOutbound(input({ finding: clean, consentState: async () => Promise.reject(new Error("db down")) }));
    expect(res).toEqual({ allowed: false, reason: "consent_unavailable", categories: [], consent: null });
  });

  it("fails closed when the detector throws, even for a consented patient", async () => {
    const res = await decideOutbound(
      input({
        state: "accepted",
        detectPhi: () => {
          throw new Error("detector crashed");
        },
      }),
    );
    expect(res).toMatchObject({ allowed: false, reason: "detector_unavailable" });
  });

  it("relays Wardroom's own texts (the risk warning) before consent", async () => {
    expect(await decideOutbound(input({ kind: "system", state: "unknown" }))).toMatchObject({ allowed: true });
  });

  it("never sends text the detector did not scan (past its input cap), whatever the policy and consent", async () => {
    const finding: PhiFinding = { containsPhi: true, spans: [{ category: "HEALTH", subcategory: "unscanned" }] };
    for (const state of ["accepted", "unknown"] as const) {
      expect(await decideOutbound(input({ state, finding, blockWithoutConsent: ["NAME"] }))).toMatchObject({ allowed: false, reason: "too_long_to_scan" });
    }
    expect(await decideOutbound(input({ kind: "system", finding }))).toMatchObject({ allowed: false, reason: "too_long_to_scan" });
  });

  it("refuses an empty message", async () => {
    expect(await decideOutbound(input({ text: "   " }))).toMatchObject({ allowed: false, reason: "empty" });
  });
});
