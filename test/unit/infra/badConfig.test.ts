import { describe, expect, it } from "vitest";
import { exampleStackConfig, mockPulumi } from "./pulumiMocks.ts";

/** The program refuses a bad stack before it plans anything, naming the key. */
describe("the program on a bad stack config", () => {
  it("stops with the key named and plans no resource", async () => {
    const recorded = await mockPulumi(exampleStackConfig({ "wardroom:database": { instanceClass: "huge", storageEncrypted: true } }), "bad");
    await expect(import("../../../infra/index.ts")).rejects.toThrow(/wardroom:database\.instanceClass: must be an RDS instance class/);
    expect(recorded).toEqual([]);
  });
});
