import { describe, expect, it } from "vitest";
import { selectIdle, SimulatedAccountActions, sweepIdleDevices, type FirstNoticed, type IdleSweepSettings } from "../../../core/lifecycle/index.ts";

const MIN = 60_000;
const NOW = Date.parse("2026-12-01T12:00:00.000Z");
const settings: IdleSweepSettings = { idleLimitMs: 15 * MIN, isExempt: (u) => u === "@wardroom-bot:x", pageSize: 2 };

describe("selectIdle", () => {
  it("logs off a device idle past the limit, keeps an active one, and exempts service accounts", () => {
    const memory: FirstNoticed = new Map();
    const { idle, exempt } = selectIdle(
      [
        { userId: "@a:x", deviceId: "OLD", lastSeenTs: NOW - 16 * MIN },
        { userId: "@a:x", deviceId: "EDGE", lastSeenTs: NOW - 15 * MIN },
        { userId: "@a:x", deviceId: "FRESH", lastSeenTs: NOW - 14 * MIN },
        { userId: "@wardroom-bot:x", deviceId: "BOT", lastSeenTs: NOW - 600 * MIN },
      ],
      NOW,
      settings,
      memory,
    );
    expect(idle.map((c) => c.deviceId)).toEqual(["OLD", "EDGE"]);
    expect(exempt).toBe(1);
  });

  it("gives a never-used device the full idle limit from the sweep that first noticed it", () => {
    const memory: FirstNoticed = new Map();
    const never = [{ userId: "@a:x", deviceId: "NEW", lastSeenTs: null }];
    expect(selectIdle(never, NOW, settings, memory)).toMatchObject({ idle: [], noticed: 1 });
    expect(selectIdle(never, NOW + 14 * MIN, settings, memory).idle).toEqual([]);
    expect(selectIdle(never, NOW + 15 * MIN, settings, memory).idle).toEqual(never);
  });
});

describe("sweepIdleDevices", () => {
  it("pages through every candidate and deletes per user; active devices stay", async () => {
    const sim = new SimulatedAccountActions();
    for (let u = 0; u < 5; u++) {
      sim.addDevice(`@u${u}:x`, "PHONE", NOW - 20 * MIN);
      sim.addDevice(`@u${u}:x`, "DESK", NOW - 1 * MIN);
    }
    sim.addDevice("@wardroom-bot:x", "BOT", NOW - 999 * MIN);
    const report = await sweepIdleDevices(sim, settings, NOW, new Map());
    expect(report.scanned).toBe(6);
    expect(report.loggedOff).toHaveLength(5);
    expect(sim.calls.filter((c) => c === "idlePage")).toHaveLength(3);
    for (let u = 0; u < 5; u++) expect(sim.devices.get(`@u${u}:x`)?.map((d) => d.deviceId)).toEqual(["DESK"]);
    expect(sim.devices.get("@wardroom-bot:x")).toHaveLength(1);
  });

  it("one user's failure does not stop the sweep, and the next sweep retries it", async () => {
    const sim = new SimulatedAccountActions();
    sim.addDevice("@a:x", "P", NOW - 20 * MIN);
    sim.addDevice("@b:x", "P", NOW - 20 * MIN);
    let fail = true;
    const flaky = Object.assign(Object.create(sim) as SimulatedAccountActions, {
      deleteDevices: async (userId: string, ids: string[]) => {
        if (fail && userId === "@a:x") throw new Error("HTTP 502");
        return sim.deleteDevices(userId, ids);
      },
    });
    const first = await sweepIdleDevices(flaky, settings, NOW, new Map());
    expect(first.failures).toEqual([{ userId: "@a:x", error: "HTTP 502" }]);
    expect(first.loggedOff).toEqual([{ userId: "@b:x", deviceIds: ["P"] }]);
    fail = false;
    const second = await sweepIdleDevices(flaky, settings, NOW + MIN, new Map());
    expect(second.loggedOff).toEqual([{ userId: "@a:x", deviceIds: ["P"] }]);
  });

  it("forgets never-used devices once they are used or gone", async () => {
    const sim = new SimulatedAccountActions();
    sim.addDevice("@a:x", "NEW", null);
    const memory: FirstNoticed = new Map();
    await sweepIdleDevices(sim, settings, NOW, memory);
    expect(memory.size).toBe(1);
    sim.devices.set("@a:x", [{ deviceId: "NEW", lastSeenTs: NOW + MIN }]);
    await sweepIdleDevices(sim, settings, NOW + 2 * MIN, memory);
    expect(memory.size).toBe(0);
  });
});
