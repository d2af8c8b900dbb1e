import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { AuditLedger } from "../../../core/audit/index.ts";
import { SqlWipeJobStore } from "../../../admin-console/SqlWipeJobStore.ts";
import { ConsoleWipes, MemoryWipeJobStore, type WipeJobStore } from "../../../admin-console/wipes.ts";
import type { ConsoleDeps } from "../../../admin-console/deps.ts";
import { openAuditLedger } from "../../../runtime/audit/index.ts";
import { backends } from "../../helpers/databases.ts";

const USER = "@dr.lost:wardroom.localhost";

/**
 * A stand-in for Synapse's admin API in its wire format (the user's devices and lock), whose
 * lock request can be held: the console "stops" while a wipe waits on it.
 */
function simulatedSynapse(devices: string[], o: { holdLock?: boolean } = {}) {
  let lockRequested = () => {};
  const state = { devices: [...devices], locked: false, lockRequested: new Promise<void>((resolve) => (lockRequested = resolve)) };
  const synapse: ConsoleDeps["synapse"] = {
    request: async <T,>(method: string, path: string, opts?: { body?: unknown }): Promise<T> => {
      if (method === "GET" && path.endsWith("/devices")) return { devices: state.devices.map((device_id) => ({ device_id, last_seen_ts: null })) } as T;
      if (method === "POST" && path.endsWith("/delete_devices")) {
        const gone = new Set((opts?.body as { devices: string[] }).devices);
        state.devices = state.devices.filter((d) => !gone.has(d));
        return {} as T;
      }
      if (method === "PUT" && path.startsWith("/_synapse/admin/v2/users/")) {
        lockRequested();
        if (o.holdLock) await new Promise(() => undefined); // never answers: the process is "gone"
        state.locked = (opts?.body as { locked: boolean }).locked;
        return {} as T;
      }
      throw new Error(`simulated Synapse: no ${method} ${path}`);
    },
  };
  return { synapse, state };
}

/** The contract of `recent` every store keeps: newest first (ties by id), finished and running, bounded. */
async function expectRecentOrder(store: WipeJobStore): Promise<void> {
  const request = { userId: USER, lock: true, redact: "none" as const, media: false };
  const at = (minute: number) => new Date(Date.UTC(2026, 11, 2, 9, minute)).toISOString();
  expect(await store.recent(10)).toEqual([]);
  // Saved out of order; "b" and "c" started in the same minute.
  await store.save({ id: "b", actor: "@a:x", request, startedAt: at(5), lines: [] });
  await store.save({ id: "a", actor: "@a:x", request, startedAt: at(1), lines: ["x"], error: "homeserver down" });
  await store.save({ id: "d", actor: "@a:x", request, startedAt: at(9), lines: [] });
  await store.save({ id: "c", actor: "@a:x", request, startedAt: at(5), lines: [] });
  expect((await store.recent(10)).map((j) => j.id)).toEqual(["d", "c", "b", "a"]);
  expect((await store.recent(2)).map((j) => j.id)).toEqual(["d", "c"]);
  expect((await store.recent(10)).find((j) => j.id === "a")).toMatchObject({ error: "homeserver down", lines: ["x"] });
}

describe("the memory wipe-job store", () => {
  it("keeps the same order as the SQL store", async () => {
    await expectRecentOrder(new MemoryWipeJobStore());
  });
});

const dirs: string[] = [];
afterAll(async () => {
  for (const b of backends) await b.cleanup();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

for (const backend of backends) {
  describe.skipIf(backend.skipReason !== null)(`console wipe jobs survive a restart (${backend.name})${backend.skipReason ? ` skipped: ${backend.skipReason}` : ""}`, () => {
    it("a running wipe is listed after a restart and resumed to completion; a finished one is still shown", async () => {
      const url = backend.freshUrl("wipejobs");
      const journalDir = mkdtempSync(join(tmpdir(), "wardroom-wipe-journal-"));
      dirs.push(journalDir);
      let audit: AuditLedger = await openAuditLedger({ url: "sqlite::memory:" });
      const clock = () => new Date();

      // First console process: the wipe deletes the devices, then hangs on the lock.
      const first = simulatedSynapse(["PHONE1", "PHONE2"], { holdLock: true });
      const store1 = await SqlWipeJobStore.open(url);
      const wipes1 = new ConsoleWipes({ synapse: first.synapse, audit, clock, wipeJournalDir: journalDir, wipeJobs: store1 });
      const { job } = await wipes1.start("@it.grace:wardroom.localhost", { userId: USER, lock: true, redact: "none", media: false });
      await first.state.lockRequested;
      expect(first.state.devices).toEqual([]);
      // Let the chained save of the last progress line land, then "stop" the process.
      await expect.poll(async () => (await store1.get(job.id))?.lines.some((l) => l.startsWith("lock_account:"))).toBe(true);
      await store1.close();
      await audit.close();

      // Second console process, same database: the job is there, still running.
      audit = await openAuditLedger({ url: "sqlite::memory:" });
      const second = simulatedSynapse(["PHONE3"]);
      const store2 = await SqlWipeJobStore.open(url);
      const wipes2 = new ConsoleWipes({ synapse: second.synapse, audit, clock, wipeJournalDir: journalDir, wipeJobs: store2 });
      const listed = await wipes2.get(job.id);
      expect(listed).toMatchObject({ id: job.id, actor: "@it.grace:wardroom.localhost", request: { userId: USER } });
      expect(listed!.report).toBeUndefined();
      expect(listed!.lines[0]).toMatch(/^delete_devices: /);
      expect((await store2.unfinished()).map((j) => j.id)).toEqual([job.id]);

      expect(await wipes2.resumeUnfinished()).toBe(1);
      const done = await wipes2.get(job.id);
      expect(done!.report).toMatchObject({ wipeId: job.id, resumed: true, ok: true, locked: true });
      expect(done!.lines).toContain("the console restarted: resuming the wipe");
      expect(done!.lines).toContain("delete_devices: already done (2)");
      expect(second.state.locked).toBe(true);
      // The late device (a login between the two runs) is gone too.
      expect(second.state.devices).toEqual([]);
      expect((await audit.query({ action: "device.wiped" })).records[0]).toMatchObject({ actor: "@it.grace:wardroom.localhost", target: USER, details: { wipeId: job.id, locked: true } });
      expect(await store2.unfinished()).toEqual([]);
      await store2.close();

      // Third process: the finished wipe is still shown, and nothing is run again.
      const store3 = await SqlWipeJobStore.open(url);
      const wipes3 = new ConsoleWipes({ synapse: simulatedSynapse([]).synapse, audit, clock, wipeJournalDir: journalDir, wipeJobs: store3 });
      expect((await wipes3.get(job.id))!.report).toMatchObject({ ok: true });
      expect(await wipes3.resumeUnfinished()).toBe(0);
      expect(await wipes3.get("no-such-wipe")).toBeUndefined();
      await store3.close();
      await audit.close();
    });

    it("keeps finished jobs for keepDays, running ones whatever their age", async () => {
      const url = backend.freshUrl("wipejobs");
      let now = Date.UTC(2026, 0, 1);
      const store = await SqlWipeJobStore.open(url, { clock: () => new Date(now), keepDays: 30 });
      try {
        const request = { userId: USER, lock: true, redact: "none" as const, media: false };
        await store.save({ id: "old-done", actor: "@a:x", request, startedAt: new Date(now).toISOString(), lines: ["x"], error: "homeserver down" });
        await store.save({ id: "old-running", actor: "@a:x", request, startedAt: new Date(now).toISOString(), lines: [] });
        now += 31 * 86_400_000;
        await store.save({ id: "new", actor: "@a:x", request, startedAt: new Date(now).toISOString(), lines: [] });
        expect(await store.get("old-done")).toBeUndefined();
        expect((await store.get("old-running"))?.id).toBe("old-running");
        expect((await store.unfinished()).map((j) => j.id)).toEqual(["old-running", "new"]);
      } finally {
        await store.close();
      }
    });

    it("lists the most recent wipes newest first, running and finished, at most the limit", async () => {
      const store = await SqlWipeJobStore.open(backend.freshUrl("wipejobs"));
      try {
        await expectRecentOrder(store);
      } finally {
        await store.close();
      }
    });
  });
}
