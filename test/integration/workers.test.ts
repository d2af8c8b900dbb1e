import { readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { MatrixClient } from "matrix-js-sdk";
import type { StackInfo } from "../../infra/local/stack.ts";
import { openAuditLedger } from "../../runtime/audit/index.ts";
import { describeWithStack } from "../helpers/stack.ts";
import { clinician, loginAs, rawRequest } from "../helpers/matrix.ts";
import { AdminApi, eventually, patientTexts, textsTo, uniquePhone } from "../helpers/sms.ts";

/**
 * Issue 16: what worker mode promises, seen from outside. Each process's own Prometheus
 * counters say who served what: the sync worker serves /sync, the appservice worker sends the
 * SMS bridge its transactions, and a worker SIGKILLed mid-conversation is restarted by the
 * stack without losing or duplicating a message. Runs only in the integration-workers project.
 */

/** The sum of one counter over the series whose labels include every given pair. */
async function counter(metricsUrl: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(metricsUrl)).text();
  let sum = 0;
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    sum += Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return sum;
}

function worker(stack: StackInfo, kind: string): { name: string; metricsUrl: string } {
  const found = stack.homeserver.workers?.find((w) => w.kind === kind);
  if (!found) throw new Error(`no ${kind} worker in stack.json: this test runs in the integration-workers project`);
  return found;
}

describeWithStack("Synapse in worker mode", (stack) => {
  let alice: MatrixClient;
  let admin: AdminApi;
  beforeAll(async () => {
    alice = await loginAs(stack(), clinician(stack(), 0));
    admin = await AdminApi.login(stack());
  });
  afterAll(async () => {
    await alice?.logout(true).catch(() => undefined);
  });

  /** A patient's portal room, joined by Alice once the bridge has invited the care team. */
  async function joinPortal(phone: string): Promise<string> {
    const roomId = await admin.waitForPortal(phone);
    await eventually("Alice invited to the portal", async () => ((await admin.members(roomId))[alice.getUserId()!] === "invite" ? true : undefined), 60_000);
    await alice.joinRoom(roomId);
    return roomId;
  }

  it("lists every worker in stack.json, each answering on its own metrics URL", async () => {
    const workers = stack().homeserver.workers ?? [];
    expect(new Set(workers.map((w) => w.kind))).toEqual(new Set(["client_reader", "sync", "event_persister", "stream_writer", "media_repository", "background", "pusher", "appservice"]));
    for (const w of workers) expect((await fetch(w.metricsUrl)).ok, w.name).toBe(true);
  });

  it("serves a client's /sync from the sync worker, not the main process", async () => {
    const sync = worker(stack(), "sync");
    const servlet = { servlet: "SyncRestServlet" };
    const name = "synapse_http_server_requests_received_total";
    const [workerBefore, mainBefore] = [await counter(sync.metricsUrl, name, servlet), await counter(stack().internal.metricsUrl, name, servlet)];
    const token = alice.getAccessToken()!;
    for (let i = 0; i < 3; i++) {
      const res = await rawRequest(stack(), "GET", "/_matrix/client/v3/sync?timeout=0", { token });
      expect(res.status).toBe(200);
    }
    expect((await counter(sync.metricsUrl, name, servlet)) - workerBefore).toBeGreaterThanOrEqual(3);
    // Every sync of every client (the bots included) goes through the router to the sync worker.
    expect((await counter(stack().internal.metricsUrl, name, servlet)) - mainBefore).toBe(0);
  });

  it("sends the SMS bridge its appservice transactions from the appservice worker", async () => {
    const appservice = worker(stack(), "appservice");
    const name = "synapse_appservice_api_sent_transactions_total";
    const [workerBefore, mainBefore] = [await counter(appservice.metricsUrl, name), await counter(stack().internal.metricsUrl, name)];
    const phone = uniquePhone();
    await patientTexts(stack(), phone, "hello from a patient");
    const roomId = await joinPortal(phone);
    await alice.sendTextMessage(roomId, "The clinic opens at 9.");
    // The bridge learns of Alice's message only from a transaction: the text at the phone proves one arrived.
    await eventually("the reply at the phone", async () => ((await textsTo(stack(), phone)).some((t) => t.body === "The clinic opens at 9.") ? true : undefined), 60_000);
    expect((await counter(appservice.metricsUrl, name)) - workerBefore).toBeGreaterThanOrEqual(1);
    expect((await counter(stack().internal.metricsUrl, name)) - mainBefore).toBe(0);
  }, 180_000);

  it("routes the bridge's appservice ping to the appservice worker, where Synapse's retry scheduler lives", async () => {
    // Only that process can cut short the backoff Synapse applies after a bridge outage.
    const appservice = worker(stack(), "appservice");
    const name = "synapse_http_server_requests_received_total";
    const servlet = { servlet: "AppservicePingRestServlet" };
    const bridge = JSON.parse(readFileSync(stack().internal.bridge.configFile, "utf8")) as { asToken: string; appserviceId: string };
    const [workerBefore, mainBefore] = [await counter(appservice.metricsUrl, name, servlet), await counter(stack().internal.metricsUrl, name, servlet)];
    const res = await rawRequest(stack(), "POST", `/_matrix/client/v1/appservice/${bridge.appserviceId}/ping`, { token: bridge.asToken, body: { transaction_id: `test-${randomBytes(4).toString("hex")}` } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((await counter(appservice.metricsUrl, name, servlet)) - workerBefore).toBeGreaterThanOrEqual(1);
    expect((await counter(stack().internal.metricsUrl, name, servlet)) - mainBefore).toBe(0);
    // The bridge pings at start as well, and reports that the homeserver reaches it.
    expect(await (await fetch(`${stack().internal.bridge.url}/health`)).json()).toMatchObject({ ok: true, checks: { homeserverReachesBridge: true } });
  });

  it("loses and duplicates no message of a conversation when the event persister is SIGKILLed in the middle", async () => {
    const phone = uniquePhone();
    await patientTexts(stack(), phone, "turn start");
    const roomId = await joinPortal(phone);
    const token = alice.getAccessToken()!;
    const persister = stack().internal.synapseWorkers!.find((w) => w.kind === "event_persister")!;
    const pidBefore = Number(readFileSync(persister.pidFile, "utf8"));
    const run = randomBytes(3).toString("hex");

    /** A client that retries a send (same transaction id, so Synapse stores it once) until it is accepted. */
    const send = async (body: string): Promise<void> => {
      const path = `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.room.message/${run}-${encodeURIComponent(body)}`;
      await eventually(`${body} accepted`, async () => ((await rawRequest(stack(), "PUT", path, { token, body: { msgtype: "m.text", body } })).status === 200 ? true : undefined), 180_000);
    };
    const turns = 8;
    for (let i = 0; i < turns; i++) {
      if (i === 3) process.kill(pidBefore, "SIGKILL");
      await patientTexts(stack(), phone, `patient ${i}`);
      await send(`clinician ${i}`);
    }

    await eventually(
      "the event persister restarted",
      async () => {
        const pid = Number(readFileSync(persister.pidFile, "utf8"));
        return pid !== pidBefore && (await fetch(`${persister.httpUrl}/health`).then((r) => r.ok).catch(() => false)) ? true : undefined;
      },
      180_000,
    );
    const expected = Array.from({ length: turns }, (_, i) => [`patient ${i}`, `clinician ${i}`]).flat();
    const inRoom = async () => (await admin.messages(roomId)).map((m) => String(m.content.body)).filter((b) => /^(patient|clinician) \d$/.test(b));
    // Final state first (every message there), then exactly once each.
    await eventually("every message in the room", async () => {
      const got = await inRoom();
      return expected.every((b) => got.includes(b)) ? true : undefined;
    }, 180_000);
    expect((await inRoom()).sort()).toEqual([...expected].sort());
    const clinicianTexts = () => textsTo(stack(), phone).then((t) => t.map((x) => x.body).filter((b) => b.startsWith("clinician ")));
    // The bridge's outbox retries a send that met the outage with growing backoff (time-budgeted,
    // runtime/concurrency): the final state can take minutes on a loaded machine. The error
    // names the replies still missing.
    await eventually(
      "every reply at the phone",
      async () => {
        const got = new Set(await clinicianTexts());
        if (got.size === turns) return true;
        throw new Error(`missing: ${expected.filter((b) => b.startsWith("clinician ") && !got.has(b)).join(", ")}`);
      },
      300_000,
    );
    expect((await clinicianTexts()).sort()).toEqual(expected.filter((b) => b.startsWith("clinician ")).sort());

    const audit = await openAuditLedger({ url: stack().internal.auditUrl });
    try {
      const restarts = (await audit.query({ action: "stack.component_restarted", limit: 50 })).records;
      expect(restarts.some((r) => r.details.component === `synapse_${persister.name}`)).toBe(true);
    } finally {
      await audit.store.close();
    }
  }, 720_000);
});
