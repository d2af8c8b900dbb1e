import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import type { ConsentStateName } from "../../../core/gate/outboundGate.ts";
import { detectPhi } from "../../../core/phi/index.ts";
import type { E164 } from "../../../core/sms/phone.ts";
import { SimulatedRoomActions } from "../../../bots/sms-bridge/matrix/SimulatedRoomActions.ts";
import { OutboxWorker } from "../../../bots/sms-bridge/OutboxWorker.ts";
import type { ConsentPort } from "../../../bots/sms-bridge/capabilities.ts";
import { SimulatorProvider } from "../../../bots/sms-bridge/providers/simulator.ts";
import { startSimulator, type RunningSimulator } from "../../../infra/local/simulators/sms/server.ts";
import { BridgeStore } from "../../../bots/sms-bridge/store/BridgeStore.ts";
import { bridgeMigrations } from "../../../bots/sms-bridge/store/migrations.ts";
import type { BridgeDatabase } from "../../../bots/sms-bridge/store/schema.ts";
import { openDatabase, parseDatabaseUrl } from "../../../runtime/db.ts";
import { loadPolicyFile } from "../../../runtime/policy.ts";

const SECRET = "outbox-test-secret-0123456789";
const PATIENT = "+15555550142" as E164;

/**
 * The outbox re-runs the gate when it sends: a text queued while the patient had consented is
 * not sent if consent lapsed meanwhile. Real store, real simulator (the SMS provider), real
 * detector; the consent state is set by the test.
 */
describe("outbox at send time", () => {
  let sim: RunningSimulator;
  let store: BridgeStore;
  let state: ConsentStateName = "accepted";
  let ledgerDown = false;
  const blocked: Array<{ eventId: string; reason: string; categories: string[] }> = [];
  const audit: Array<{ action: string; details?: Record<string, unknown> }> = [];
  let worker: OutboxWorker;

  beforeAll(async () => {
    sim = await startSimulator({ practiceNumber: "+15555550100", webhookUrl: "http://127.0.0.1:9/unused", webhookSecret: SECRET });
    const { db } = await openDatabase<BridgeDatabase>({ target: parseDatabaseUrl("sqlite::memory:"), migrations: bridgeMigrations, name: "bridge" });
    store = new BridgeStore(db);
    const consent = {
      currentState: async () => {
        if (ledgerDown) throw new Error("ledger down");
        return state;
      },
    } as unknown as ConsentPort;
    worker = new OutboxWorker({
      store,
      provider: new SimulatorProvider({ baseUrl: sim.url, secret: SECRET }),
      // Simulated rooms: the notices are recorded, not posted.
      matrix: new SimulatedRoomActions("@sms-bridge:example.org"),
      consent,
      audit: { append: async (e) => audit.push(e) },
      policy: loadPolicyFile(),
      log: pino({ level: "silent" }),
      onSent: async () => undefined,
      onBlocked: async (b) => void blocked.push(b),
      detectPhi,
      idempotentSends: true,
    });
  });
  afterAll(async () => {
    await worker.stop();
    await store.close();
    await sim.close();
  });

  const queue = (key: string, body: string) =>
    store.enqueue({ idempotency_key: key, room_id: "!portal:example.org", event_id: key, sender: "@alice:example.org", phone: PATIENT, body, kind: "clinician", next_attempt_at: new Date().toISOString() });
  const texts = async () => (await (await fetch(`${sim.url}/sms/outbound?to=${encodeURIComponent(PATIENT)}`)).json()) as Array<{ body: string }>;

  it("sends PHI to a patient who has consented", async () => {
    state = "accepted";
    await queue("$e1", "Your A1c was 9.2; start metformin 500 mg");
    worker.kick();
    await worker.idle();
    expect((await texts()).map((t) => t.body)).toEqual(["Your A1c was 9.2; start metformin 500 mg"]);
  });

  it("does not send PHI queued before consent lapsed, and tells the sender", async () => {
    await queue("$e2", "Your potassium was 5.9, stop the lisinopril");
    state = "warned"; // e.g. STOP then START while the text waited
    worker.kick();
    await worker.idle();
    expect((await texts()).map((t) => t.body)).not.toContain("Your potassium was 5.9, stop the lisinopril");
    expect(await store.outboxByKey("$e2")).toMatchObject({ status: "failed", body: "", last_error: "phi_without_consent" });
    expect(blocked).toContainEqual({ roomId: "!portal:example.org", eventId: "$e2", sender: "@alice:example.org", reason: "phi_without_consent", categories: ["HEALTH"] });
    expect(audit.some((a) => a.action === "sms.blocked" && a.details?.eventId === "$e2")).toBe(true);
  });

  it("holds texts back while the consent ledger cannot answer", async () => {
    state = "accepted";
    ledgerDown = true;
    await queue("$e3", "Running 10 minutes late");
    worker.kick();
    await worker.idle();
    expect(await store.outboxByKey("$e3")).toMatchObject({ status: "queued", last_error: "consent_unavailable" });
    expect((await texts()).map((t) => t.body)).not.toContain("Running 10 minutes late");
  });
});
