import { describe, expect, it } from "vitest";
import { decideBreakGlass, grantsDueToEnd } from "../../../core/lifecycle/index.ts";

const policy = { maxMinutes: 60, defaultMinutes: 30, minReasonLength: 10, notifyRole: "security_officer" as const };
const now = new Date("2026-12-01T10:00:00.000Z");
const ask = { roles: ["emergency" as const], isPatientRoom: true, reason: "patient collapsed at home", hasActiveGrant: false, now };

describe("decideBreakGlass", () => {
  it("grants the default duration, or the asked one within the limit", () => {
    expect(decideBreakGlass(ask, policy)).toEqual({ ok: true, minutes: 30, expiresAt: new Date("2026-12-01T10:30:00.000Z") });
    expect(decideBreakGlass({ ...ask, minutes: 60 }, policy)).toMatchObject({ ok: true, minutes: 60 });
  });

  it.each([
    ["no emergency role", { roles: ["clinician" as const] }, "no_role"],
    ["not a patient room", { isPatientRoom: false }, "not_a_patient_room"],
    ["a reason of spaces", { reason: "          " }, "reason_too_short"],
    ["longer than the policy", { minutes: 61 }, "too_long"],
    ["zero minutes", { minutes: 0 }, "too_long"],
    ["a second grant for the same room", { hasActiveGrant: true }, "already_active"],
  ])("refuses %s", (_name, change, refusal) => {
    expect(decideBreakGlass({ ...ask, ...change }, policy)).toMatchObject({ ok: false, refusal });
  });
});

describe("grantsDueToEnd", () => {
  it("ends open grants whose time is up, oldest first, and never an ended one", () => {
    const grants = [
      { id: "b", expiresAt: "2026-12-01T09:59:00.000Z", endedAt: null },
      { id: "a", expiresAt: "2026-12-01T09:00:00.000Z", endedAt: null },
      { id: "c", expiresAt: "2026-12-01T10:00:00.001Z", endedAt: null },
      { id: "d", expiresAt: "2026-12-01T08:00:00.000Z", endedAt: "2026-12-01T08:00:00.000Z" },
    ];
    expect(grantsDueToEnd(grants, now).map((g) => g.id)).toEqual(["a", "b"]);
  });
});
