import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { E164 } from "../../../../core/sms/phone.ts";
import { ProviderError } from "../../../../bots/sms-bridge/providers/errors.ts";
import { TwilioProvider } from "../../../../bots/sms-bridge/providers/twilio.ts";
import { signedUrlVariants, twilioSignature } from "../../../../bots/sms-bridge/providers/twilioSignature.ts";
import type { WebhookOutcome } from "../../../../bots/sms-bridge/providers/types.ts";
import { listen } from "../../../fakes/http.ts";
import { startTwilioFake, type TwilioFake } from "../../../fakes/twilio.ts";

const PATIENT = "+15555550123" as E164;
const PRACTICE = "+15555550100";
const WEBHOOK = "https://bridge.example.org/webhooks/sms/twilio";

async function sendError(p: Promise<unknown>): Promise<ProviderError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ProviderError) return err;
    throw err;
  }
  throw new Error("expected a ProviderError");
}

describe("Twilio request signature", () => {
  // Twilio's worked examples from its webhook security documentation (two versions of the page).
  it("matches Twilio's published examples", () => {
    const params = (n: string): Array<[string, string]> => [
      ["CallSid", "CA1234567890ABCDE"],
      ["Caller", n],
      ["Digits", "1234"],
      ["From", n],
      ["To", "+18005551212"],
    ];
    expect(twilioSignature("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", params("+12349013030"))).toBe("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
    expect(twilioSignature("12345", "https://example.com/myapp.php?foo=1&bar=2", params("+14158675310"))).toBe("L/OH5YylLD5NRKLltdqwSvS0BnU=");
  });

  it("sorts parameters, so their order on the wire does not matter", () => {
    const a = twilioSignature("t", "https://x.example/", [["b", "2"], ["a", "1"]]);
    const b = twilioSignature("t", "https://x.example/", [["a", "1"], ["b", "2"]]);
    expect(a).toBe(b);
  });

  it("considers the URL with and without the default port", () => {
    expect(signedUrlVariants("https://bridge.example.org/hook?x=1")).toEqual([
      "https://bridge.example.org/hook?x=1",
      "https://bridge.example.org:443/hook?x=1",
    ]);
    expect(signedUrlVariants("https://bridge.example.org:443/hook")).toContain("https://bridge.example.org/hook");
    expect(signedUrlVariants("http://127.0.0.1:8009/hook")).toEqual(["http://127.0.0.1:8009/hook"]);
  });
});

describe("TwilioProvider.send against the Twilio fake", () => {
  let fake: TwilioFake;
  let provider: TwilioProvider;

  beforeAll(async () => {
    fake = await startTwilioFake({ apiKey: { sid: "SKtest", secret: "key-secret" } });
    provider = new TwilioProvider({ accountSid: fake.accountSid, authToken: fake.authToken, baseUrl: fake.url, statusCallbackUrl: WEBHOOK });
  });
  afterAll(() => fake.close());

  it("posts the message form-encoded with basic auth and returns the message SID", async () => {
    const sid = await provider.send({ to: PATIENT, from: PRACTICE, body: "Your visit is at 3pm", idempotencyKey: "$event1" });
    expect(sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(fake.messages.at(-1)).toMatchObject({ sid, to: PATIENT, from: PRACTICE, body: "Your visit is at 3pm", statusCallback: WEBHOOK });
  });

  it("can authenticate with an API key and send through a Messaging Service", async () => {
    const viaService = new TwilioProvider({
      accountSid: fake.accountSid,
      authToken: "not-used-for-sending",
      apiKey: { sid: "SKtest", secret: "key-secret" },
      messagingServiceSid: "MG00000000000000000000000000000000",
      baseUrl: fake.url,
    });
    await viaService.send({ to: PATIENT, from: PRACTICE, body: "hello", idempotencyKey: "k" });
    expect(fake.messages.at(-1)).toMatchObject({ from: null, messagingServiceSid: "MG00000000000000000000000000000000" });
  });

  it("classifies injected 500s as retryable and possibly sent", async () => {
    fake.failNext(2, { status: 500 });
    const before = fake.messages.length;
    for (let i = 0; i < 2; i++) {
      const err = await sendError(provider.send({ to: PATIENT, from: PRACTICE, body: "x", idempotencyKey: "k" }));
      expect(err).toMatchObject({ kind: "server", retryable: true, maybeSent: true, httpStatus: 500, providerCode: "20500" });
    }
    await provider.send({ to: PATIENT, from: PRACTICE, body: "x", idempotencyKey: "k" });
    expect(fake.messages.length).toBe(before + 1);
  });

  it("classifies 429 as rate limited, not sent, with Retry-After", async () => {
    fake.failNext(1, { status: 429, retryAfterSeconds: 3 });
    const err = await sendError(provider.send({ to: PATIENT, from: PRACTICE, body: "x", idempotencyKey: "k" }));
    expect(err).toMatchObject({ kind: "rate_limited", retryable: true, maybeSent: false, httpStatus: 429, providerCode: "20429", retryAfterMs: 3000 });
  });

  it("classifies a refused number as permanent and keeps the number out of the message", async () => {
    const err = await sendError(provider.send({ to: "+1555" as E164, from: PRACTICE, body: "x", idempotencyKey: "k" }));
    expect(err).toMatchObject({ kind: "rejected", retryable: false, httpStatus: 400, providerCode: "21211" });
    expect(err.message).not.toContain("1555");
  });

  it("classifies bad credentials as a permanent auth failure", async () => {
    const wrong = new TwilioProvider({ accountSid: fake.accountSid, authToken: "wrong", baseUrl: fake.url });
    const err = await sendError(wrong.send({ to: PATIENT, from: PRACTICE, body: "x", idempotencyKey: "k" }));
    expect(err).toMatchObject({ kind: "auth", retryable: false, httpStatus: 401, providerCode: "20003" });
  });

  it("classifies a refused connection as retryable and certainly not sent", async () => {
    const closed = await listen(() => undefined);
    await closed.close();
    const p = new TwilioProvider({ accountSid: fake.accountSid, authToken: fake.authToken, baseUrl: closed.url });
    const err = await sendError(p.send({ to: PATIENT, from: PRACTICE, body: "x", idempotencyKey: "k" }));
    expect(err).toMatchObject({ kind: "network", retryable: true, maybeSent: false, providerCode: "ECONNREFUSED" });
  });

  it("classifies a timeout as retryable and possibly sent", async () => {
    const silent = await listen(() => new Promise<void>(() => undefined));
    const p = new TwilioProvider({ accountSid: fake.accountSid, authToken: fake.authToken, baseUrl: silent.url, timeoutMs: 200 });
    const err = await sendError(p.send({ to: PATIENT, from: PRACTICE, body: "x", idempotencyKey: "k" }));
    expect(err).toMatchObject({ kind: "timeout", retryable: true, maybeSent: true });
    await silent.close();
  });
});

describe("TwilioProvider.handleWebhook", () => {
  let fake: TwilioFake;
  let provider: TwilioProvider;
  const now = new Date("2026-01-05T10:00:00Z");

  beforeAll(async () => {
    fake = await startTwilioFake();
    provider = new TwilioProvider({ accountSid: fake.accountSid, authToken: fake.authToken, clock: () => now });
  });
  afterAll(() => fake.close());

  it("accepts a signed inbound text and normalises it", async () => {
    const request = fake.inboundRequest(WEBHOOK, {
      from: PATIENT,
      to: PRACTICE,
      body: "Hi, can I move my appointment?",
      sid: "SM0123456789abcdef0123456789abcdef",
      media: [{ url: "https://api.twilio.com/2010-04-01/Accounts/AC/Messages/MM/Media/ME1", contentType: "image/jpeg" }],
    });
    const outcome = await provider.handleWebhook(request);
    expect(outcome).toEqual({
      kind: "inbound",
      message: {
        providerMessageId: "SM0123456789abcdef0123456789abcdef",
        from: PATIENT,
        to: PRACTICE,
        body: "Hi, can I move my appointment?",
        media: [{ url: "https://api.twilio.com/2010-04-01/Accounts/AC/Messages/MM/Media/ME1", contentType: "image/jpeg" }],
        receivedAt: now,
      },
    });
  });

  it("parses status callbacks, with the error code of a failure", async () => {
    const delivered = await provider.handleWebhook(fake.statusRequest(WEBHOOK, { sid: "SMaaa", status: "delivered" }));
    expect(delivered).toEqual({ kind: "status", update: { providerMessageId: "SMaaa", status: "delivered", at: now } });
    const failed = await provider.handleWebhook(fake.statusRequest(WEBHOOK, { sid: "SMbbb", status: "undelivered", errorCode: "30003" }));
    expect(failed).toMatchObject({ kind: "status", update: { status: "undelivered", errorCode: "30003" } });
    const sending = await provider.handleWebhook(fake.statusRequest(WEBHOOK, { sid: "SMccc", status: "sending" }));
    expect(sending).toMatchObject({ kind: "status", update: { status: "queued" } });
  });

  it("refuses an unsigned request with 401", async () => {
    const request = fake.inboundRequest(WEBHOOK, { from: PATIENT, to: PRACTICE, body: "hello" });
    delete request.headers["x-twilio-signature"];
    expect(await provider.handleWebhook(request)).toMatchObject({ kind: "rejected", reason: "unsigned", httpStatus: 401 });
  });

  it("refuses a forged request (body changed after signing) with 403", async () => {
    const request = fake.inboundRequest(WEBHOOK, { from: PATIENT, to: PRACTICE, body: "hello" });
    const forged = { ...request, body: request.body.replace("Body=hello", "Body=STOP") };
    expect(forged.body).not.toBe(request.body);
    const outcome = await provider.handleWebhook(forged);
    expect(outcome).toMatchObject({ kind: "rejected", reason: "bad_signature", httpStatus: 403 });
    expect(JSON.stringify(outcome)).not.toContain("0123"); // no phone number in the rejection
  });

  it("refuses a request signed for another URL, or with another token", async () => {
    const elsewhere = fake.inboundRequest("https://attacker.example/hook", { from: PATIENT, to: PRACTICE, body: "hello" });
    expect(await provider.handleWebhook({ ...elsewhere, url: WEBHOOK })).toMatchObject({ reason: "bad_signature" });
    const other = new TwilioProvider({ accountSid: fake.accountSid, authToken: "another-token" });
    expect(await other.handleWebhook(fake.inboundRequest(WEBHOOK, { from: PATIENT, to: PRACTICE, body: "x" }))).toMatchObject({
      reason: "bad_signature",
    });
  });

  it("accepts the URL with the default port that a proxy added", async () => {
    const request = fake.inboundRequest("https://bridge.example.org:443/webhooks/sms/twilio", { from: PATIENT, to: PRACTICE, body: "x" });
    expect((await provider.handleWebhook({ ...request, url: WEBHOOK })).kind).toBe("inbound");
  });

  it("refuses a correctly signed request for another account", async () => {
    const params = { AccountSid: "AC00000000000000000000000000000000", MessageSid: "SM1", From: PATIENT, To: PRACTICE, Body: "x" };
    const request = {
      method: "POST",
      url: WEBHOOK,
      headers: { "x-twilio-signature": fake.sign(WEBHOOK, params) },
      body: new URLSearchParams(params).toString(),
    };
    expect(await provider.handleWebhook(request)).toMatchObject({ reason: "wrong_account", httpStatus: 403 });
  });

  it("refuses a signed request whose sender is not a phone number with 400", async () => {
    const params = { AccountSid: fake.accountSid, MessageSid: "SM1", From: "not-a-number", To: PRACTICE, Body: "x" };
    const request = { method: "POST", url: WEBHOOK, headers: { "X-Twilio-Signature": fake.sign(WEBHOOK, params) }, body: new URLSearchParams(params).toString() };
    expect(await provider.handleWebhook(request)).toMatchObject({ reason: "malformed", httpStatus: 400, detail: "From: not a phone number" });
  });

  it("receives the fake's automatic status callbacks over HTTP", async () => {
    const outcomes: WebhookOutcome[] = [];
    const receiver = await listen(async (req, res, body) => {
      const outcome = await provider.handleWebhook({ method: req.method ?? "POST", url: receiverUrl, headers: req.headers as Record<string, string>, body });
      outcomes.push(outcome);
      const reply = outcome.kind === "rejected" ? { status: outcome.httpStatus, contentType: "text/plain", body: "" } : provider.webhookAck;
      res.writeHead(reply.status, { "content-type": reply.contentType });
      res.end(reply.body);
    });
    const receiverUrl = `${receiver.url}/webhooks/sms/twilio`;
    const auto = await startTwilioFake({ accountSid: fake.accountSid, authToken: fake.authToken, autoStatusCallbacks: true });
    const sender = new TwilioProvider({ accountSid: fake.accountSid, authToken: fake.authToken, baseUrl: auto.url, statusCallbackUrl: receiverUrl });
    const sid = await sender.send({ to: PATIENT, from: PRACTICE, body: "x", idempotencyKey: "k" });
    await expect.poll(() => auto.callbackResults.length).toBe(2);
    expect(auto.callbackResults.map((r) => r.httpStatus)).toEqual([200, 200]);
    expect(outcomes.map((o) => (o.kind === "status" ? [o.update.providerMessageId, o.update.status] : o.kind))).toEqual([
      [sid, "sent"],
      [sid, "delivered"],
    ]);
    await auto.close();
    await receiver.close();
  });
});
