import { describe, expect, it } from "vitest";
import { SimulatorProvider } from "../../../../bots/sms-bridge/providers/simulator.ts";
import { signEvent, SIGNATURE_HEADER, type SimulatorEvent } from "../../../../core/sms/simulatorWire.ts";

const SECRET = "test-secret-0123456789";
const NOW = new Date("2026-03-01T12:00:00Z");
const provider = new SimulatorProvider({ baseUrl: "http://127.0.0.1:1", secret: SECRET, clock: () => NOW });
const URL_ = "http://127.0.0.1:8009/webhooks/sms/simulator";

const inbound: SimulatorEvent = {
  type: "message.inbound",
  id: "SIM1",
  from: "+15555550123",
  to: "+15555550100",
  body: "hello",
  media: [],
  receivedAt: "2026-03-01T11:59:59.000Z",
};

function request(body: string, signature?: string) {
  return { method: "POST", url: URL_, headers: signature === undefined ? {} : { [SIGNATURE_HEADER]: signature }, body };
}

describe("SimulatorProvider.handleWebhook", () => {
  it("accepts a correctly signed event", async () => {
    const body = JSON.stringify(inbound);
    expect(await provider.handleWebhook(request(body, signEvent(SECRET, body, NOW)))).toEqual({
      kind: "inbound",
      message: { providerMessageId: "SIM1", from: "+15555550123", to: "+15555550100", body: "hello", media: [], receivedAt: new Date(inbound.receivedAt) },
    });
  });

  it("refuses an unsigned event with 401", async () => {
    expect(await provider.handleWebhook(request(JSON.stringify(inbound)))).toMatchObject({ reason: "unsigned", httpStatus: 401 });
  });

  it("refuses a forged event (body changed, or signed with another secret) with 403", async () => {
    const body = JSON.stringify(inbound);
    const forged = body.replace("hello", "STOP");
    expect(forged).not.toBe(body);
    expect(await provider.handleWebhook(request(forged, signEvent(SECRET, body, NOW)))).toMatchObject({ reason: "bad_signature", httpStatus: 403 });
    expect(await provider.handleWebhook(request(body, signEvent("another-secret-0123456789", body, NOW)))).toMatchObject({ reason: "bad_signature" });
    expect(await provider.handleWebhook(request(body, "t=1,v1=zz"))).toMatchObject({ reason: "bad_signature" });
    expect(await provider.handleWebhook(request(body, "garbage"))).toMatchObject({ reason: "bad_signature" });
  });

  it("refuses a replayed event signed too long ago with 403", async () => {
    const body = JSON.stringify(inbound);
    const old = signEvent(SECRET, body, new Date(NOW.getTime() - 10 * 60_000));
    expect(await provider.handleWebhook(request(body, old))).toMatchObject({ reason: "stale", httpStatus: 403 });
  });

  it("parses status events and refuses unknown ones", async () => {
    const status = JSON.stringify({ type: "message.status", id: "SIM2", status: "delivered", at: "2026-03-01T12:00:00.000Z" });
    expect(await provider.handleWebhook(request(status, signEvent(SECRET, status, NOW)))).toEqual({
      kind: "status",
      update: { providerMessageId: "SIM2", status: "delivered", at: NOW },
    });
    const odd = JSON.stringify({ type: "message.exploded", id: "SIM3" });
    expect(await provider.handleWebhook(request(odd, signEvent(SECRET, odd, NOW)))).toMatchObject({ reason: "malformed", httpStatus: 400 });
  });

  it("requires a secret long enough to sign with", () => {
    expect(() => new SimulatorProvider({ baseUrl: "http://x", secret: "short" })).toThrow(/secret/);
  });
});
