import { describe, expect, it } from "vitest";
import {
  DryRunAccountActions,
  planWipe,
  runWipe,
  SimulatedAccountActions,
  type WipeHooks,
  type WipeJournal,
  type WipeProgress,
  type WipeRequest,
} from "../../../core/lifecycle/index.ts";

const USER = "@dr.lost:wardroom.localhost";
const full: WipeRequest = { userId: USER, lock: true, redact: "none", media: false };

function hooks(lines: string[] = []): WipeHooks {
  let id = 0;
  return { progress: (l) => lines.push(l), now: () => new Date("2026-12-01T10:00:00.000Z"), sleep: async () => undefined, newId: () => `wipe-${++id}` };
}

/** A journal in memory that keeps a deep copy of what was saved, like a file would. */
class MemoryJournal implements WipeJournal {
  saved: WipeProgress | undefined;
  saves = 0;
  async open(request: WipeRequest): Promise<WipeProgress | undefined> {
    const p = this.saved;
    return p && !p.finishedAt && JSON.stringify(p.request) === JSON.stringify(request) ? structuredClone(p) : undefined;
  }
  async save(progress: WipeProgress): Promise<void> {
    this.saved = structuredClone(progress);
    this.saves++;
  }
}

function account(): SimulatedAccountActions {
  const sim = new SimulatedAccountActions();
  for (const d of ["PHONE", "LAPTOP", "TABLET"]) sim.addDevice(USER, d);
  sim.addDevice("@other:wardroom.localhost", "OTHER");
  return sim;
}

describe("planWipe", () => {
  it("deletes devices before locking, and sweeps again after the lock only for a whole-account wipe", () => {
    expect(planWipe(full)).toEqual(["delete_devices", "lock_account", "delete_late_devices"]);
    expect(planWipe({ ...full, deviceId: "PHONE" })).toEqual(["delete_devices", "lock_account"]);
    expect(planWipe({ ...full, lock: false })).toEqual(["delete_devices"]);
    expect(planWipe({ ...full, redact: "portal", media: true })).toEqual(["delete_devices", "lock_account", "delete_late_devices", "redact_messages", "delete_media"]);
  });
});

describe("runWipe", () => {
  it("deletes every device, then locks, and reports what it did", async () => {
    const sim = account();
    const report = await runWipe(full, sim, new MemoryJournal(), hooks());
    expect(sim.calls.filter((c) => c !== "listDevices")).toEqual(["deleteDevices:PHONE,LAPTOP,TABLET", "setLocked:true"]);
    expect(sim.devices.get(USER)).toEqual([]);
    expect(sim.devices.get("@other:wardroom.localhost")).toHaveLength(1);
    expect(sim.locked.has(USER)).toBe(true);
    expect(report).toMatchObject({ ok: true, locked: true, devicesDeleted: ["PHONE", "LAPTOP", "TABLET"], resumed: false });
  });

  it("a login that slips in before the lock leaves no session behind", async () => {
    const sim = account();
    sim.beforeWrite = (call) => {
      // The lost phone logs in again between the deletion and the lock.
      if (call === "setLocked") sim.addDevice(USER, "SNEAKY");
    };
    const report = await runWipe(full, sim, new MemoryJournal(), hooks());
    expect(sim.devices.get(USER)).toEqual([]);
    expect(report.devicesDeleted).toContain("SNEAKY");
  });

  it("wipes one device and leaves the others signed in", async () => {
    const sim = account();
    const report = await runWipe({ ...full, deviceId: "PHONE", lock: false }, sim, new MemoryJournal(), hooks());
    expect(sim.devices.get(USER)?.map((d) => d.deviceId)).toEqual(["LAPTOP", "TABLET"]);
    expect(sim.locked.has(USER)).toBe(false);
    expect(report.devicesDeleted).toEqual(["PHONE"]);
  });

  it("redacts in patient rooms only when asked for portal scope, polling the task to completion", async () => {
    const sim = account();
    sim.addEvents("!portal:x", USER, 30, true);
    sim.addEvents("!clinical:x", USER, 20);
    sim.addEvents("!portal:x", "@nurse:x", 5, true);
    sim.redactionPolls = 3;
    const report = await runWipe({ ...full, redact: "portal" }, sim, new MemoryJournal(), hooks());
    expect(sim.rooms.get("!portal:x")?.events.has(USER)).toBe(false);
    expect(sim.rooms.get("!portal:x")?.events.get("@nurse:x")).toHaveLength(5);
    expect(sim.eventsOf(USER)).toBe(20);
    expect(report).toMatchObject({ ok: true, roomsRedacted: 1, failedRedactions: 0 });
  });

  it("deletes media in batches until none is left", async () => {
    const sim = account();
    sim.media.set(USER, 250);
    const report = await runWipe({ ...full, media: true }, sim, new MemoryJournal(), hooks());
    expect(sim.calls.filter((c) => c.startsWith("deleteMediaBatch"))).toEqual(["deleteMediaBatch:100", "deleteMediaBatch:100", "deleteMediaBatch:50", "deleteMediaBatch:0"]);
    expect(report.mediaDeleted).toBe(250);
  });

  it("a run interrupted mid-way and run again finishes without repeating steps", async () => {
    const sim = account();
    sim.addEvents("!portal:x", USER, 10, true);
    sim.media.set(USER, 3);
    const journal = new MemoryJournal();
    const request: WipeRequest = { ...full, redact: "all", media: true };
    // The homeserver goes away while the redaction task runs.
    sim.beforeWrite = (call) => {
      if (call === "redactionStatus") throw new Error("connect ECONNREFUSED");
    };
    const first = await runWipe(request, sim, journal, hooks());
    expect(first.ok).toBe(false);
    expect(first.steps.find((s) => s.step === "redact_messages")).toMatchObject({ state: "failed", error: "connect ECONNREFUSED" });
    expect(journal.saved?.steps.redact_messages?.taskId).toBe("redact-1");

    sim.beforeWrite = () => undefined;
    const callsBefore = sim.calls.length;
    const second = await runWipe(request, sim, journal, hooks());
    const again = sim.calls.slice(callsBefore);
    expect(second).toMatchObject({ ok: true, resumed: true, wipeId: first.wipeId });
    // Devices and lock were done: not repeated. The redaction task is polled, not restarted.
    expect(again.some((c) => c.startsWith("deleteDevices") || c.startsWith("setLocked") || c.startsWith("startRedaction"))).toBe(false);
    expect(sim.eventsOf(USER)).toBe(0);
    expect(sim.media.get(USER)).toBe(0);
    expect(journal.saved?.finishedAt).toBeDefined();
  });

  it("stops before redacting when the devices could not be deleted", async () => {
    const sim = account();
    sim.addEvents("!portal:x", USER, 10, true);
    sim.beforeWrite = (call) => {
      if (call === "deleteDevices") throw new Error("HTTP 502");
    };
    const report = await runWipe({ ...full, redact: "all" }, sim, new MemoryJournal(), hooks());
    expect(report.ok).toBe(false);
    expect(report.steps.map((s) => s.state)).toEqual(["failed", "skipped", "skipped", "skipped"]);
    expect(sim.calls.some((c) => c.startsWith("startRedaction") || c.startsWith("setLocked"))).toBe(false);
  });

  it("a dry run prints the plan from the account as it is and changes nothing", async () => {
    const sim = account();
    sim.addEvents("!portal:x", USER, 10, true);
    sim.media.set(USER, 7);
    const dry = new DryRunAccountActions(sim);
    const journal = new MemoryJournal();
    const report = await runWipe({ ...full, redact: "all", media: true }, dry, journal, hooks(), true);
    expect(report).toMatchObject({ ok: true, dryRun: true });
    expect(dry.intended).toEqual([
      "would delete 3 device(s): PHONE, LAPTOP, TABLET",
      "would lock the account",
      "would delete 3 device(s): PHONE, LAPTOP, TABLET",
      "would redact the user's events in 1 room(s)",
      "would delete 7 file(s)",
    ]);
    expect(sim.devices.get(USER)).toHaveLength(3);
    expect(sim.locked.size).toBe(0);
    expect(sim.eventsOf(USER)).toBe(10);
    expect(sim.media.get(USER)).toBe(7);
    expect(journal.saves).toBe(0);
  });
});
