import { describe, expect, it } from "vitest";
import { exampleStackConfig, mockPulumi } from "./pulumiMocks.ts";

/** Single sign-on is on in the shipped policy: an own OpenID provider without its issuer is a config error. */
describe("the program with single sign-on on and an OpenID provider without an issuer", () => {
  it("stops naming wardroom:identity.issuer and plans no resource", async () => {
    const recorded = await mockPulumi(exampleStackConfig({ "wardroom:identity": { provider: "oidc", clientId: "wardroom-synapse" } }), "no-issuer");
    const failure = import("../../../infra/index.ts");
    await expect(failure).rejects.toThrow(/wardroom:identity\.issuer: required: the policy \(policies\/hipaa\.yaml\) turns single sign-on on/);
    await expect(failure).rejects.not.toThrow(/wardroom:identity\.clientId/);
    expect(recorded).toEqual([]);
  });
});
