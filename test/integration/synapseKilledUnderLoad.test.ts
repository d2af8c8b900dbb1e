import { readFileSync } from "node:fs";
import { beforeAll, expect, it } from "vitest";
import { openAuditLedger } from "../../runtime/audit/index.ts";
import { SynapseClient } from "../../runtime/synapse/index.ts";
import { describeWithStack } from "../helpers/stack.ts";
import { AdminApi, eventually, patientTexts, uniquePhone } from "../helpers/sms.ts";

/**
 * Issue 10, items 7 and 9: Synapse is SIGKILLed while patients text at 20 texts/s; the stack
 * restarts it (and says so in the audit ledger), and every text ends up in its room exactly
 * once, in order per patient. The test waits for that final state, not for a fixed time.
 */
describeWithStack("Synapse killed during inbound load", (stack) => {
  let admin: AdminApi;
  beforeAll(async () => {
    admin = await AdminApi.login(stack());
  });

  it("is restarted, and loses, duplicates and reorders no text", async () => {
    const patients = Array.from({ length: 5 }, () => uniquePhone());
    // Every patient has a portal first, so that the load is only posting texts.
    for (const p of patients) await patientTexts(stack(), p, "hello before the load");
    // Five portals at once: in worker mode each room's setup crosses several processes, so allow for a loaded machine.
    const rooms = await Promise.all(patients.map((p) => admin.waitForPortal(p, 120_000)));

    const synapse = stack().internal.components.find((c) => c.name === "synapse")!;
    const pidBefore = Number(readFileSync(synapse.pidFile!, "utf8"));
    const sent: Record<string, string[]> = Object.fromEntries(patients.map((p) => [p, []]));
    const total = 120; // 6 s at 20 texts/s
    const started = Date.now();
    let killed = false;
    for (let i = 0; i < total; i++) {
      const due = started + i * 50;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      if (!killed && i === 30) {
        process.kill(pidBefore, "SIGKILL");
        killed = true;
      }
      const phone = patients[i % patients.length]!;
      const body = `load ${i}`;
      await patientTexts(stack(), phone, body); // the simulator accepts it; the bridge stores it
      sent[phone]!.push(body);
    }

    // Synapse comes back under a new pid, and the stack audited the restart.
    await eventually(
      "Synapse restarted and healthy",
      async () => {
        const pid = Number(readFileSync(synapse.pidFile!, "utf8"));
        return pid !== pidBefore && (await new SynapseClient({ baseUrl: stack().homeserver.url }).isHealthy()) ? true : undefined;
      },
      180_000,
    );

    // Every text in its room exactly once, in the order it was sent.
    const postedIn = async (roomId: string) => (await admin.messages(roomId)).map((m) => String(m.content.body)).filter((b) => b.startsWith("load "));
    for (const [i, phone] of patients.entries()) {
      await eventually(`all texts of patient ${i} in the room`, async () => {
        const posted = new Set(await postedIn(rooms[i]!));
        return sent[phone]!.every((b) => posted.has(b)) ? true : undefined;
      }, 180_000);
      // Final state reached (every text there): now no duplicate and no reordering.
      expect(await postedIn(rooms[i]!)).toEqual(sent[phone]);
    }

    const audit = await openAuditLedger({ url: stack().internal.auditUrl });
    try {
      const restarts = (await audit.query({ action: "stack.component_restarted", limit: 10 })).records;
      expect(restarts.some((r) => r.details.component === "synapse")).toBe(true);
      const failed = (await audit.query({ action: "sms.failed", limit: 50 })).records.filter((r) => rooms.includes(r.target ?? ""));
      expect(failed).toEqual([]);
    } finally {
      await audit.store.close();
    }
  }, 420_000);
});
