import { createHash } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { E164 } from "../../../../../core/sms/phone.ts";
import { ProviderError } from "../../../../../bots/sms-bridge/providers/errors.ts";
import { SimulatorProvider } from "../../../../../bots/sms-bridge/providers/simulator.ts";
import type { WebhookOutcome } from "../../../../../bots/sms-bridge/providers/types.ts";
import { escapeHtml } from "../../../../../infra/local/simulators/sms/page.ts";
import { startSimulator, type RunningSimulator } from "../../../../../infra/local/simulators/sms/server.ts";
import { listen } from "../../../../fakes/http.ts";

const SECRET = "test-secret-0123456789";
const PRACTICE = "+15555550100";
const PATIENT = "+15555550123";

/** A stand-in for the bridge's webhook endpoint: verifies with the real provider, answers as told. */
async function startBridge() {
  const outcomes: WebhookOutcome[] = [];
  const answers: number[] = [];
  let attempts = 0;
  const provider = new SimulatorProvider({ baseUrl: "http://unused.invalid", secret: SECRET });
  const server = await listen(async (req, res, body) => {
    attempts += 1;
    const forced = answers.shift();
    if (forced !== undefined) {
      res.writeHead(forced).end();
      return;
    }
    const outcome = await provider.handleWebhook({ method: req.method ?? "POST", url: `${server.url}${req.url}`, headers: req.headers as Record<string, string>, body });
    outcomes.push(outcome);
    const reply = outcome.kind === "rejected" ? { status: outcome.httpStatus, contentType: "application/json", body: "{}" } : provider.webhookAck;
    res.writeHead(reply.status, { "content-type": reply.contentType }).end(reply.body);
  });
  return {
    url: `${server.url}/webhooks/sms/simulator`,
    outcomes,
    /** Make the next requests fail with these statuses before answering normally. */
    failNext: (...statuses: number[]) => answers.push(...statuses),
    get attempts() {
      return attempts;
    },
    close: server.close,
  };
}

let bridge: Awaited<ReturnType<typeof startBridge>>;
let sim: RunningSimulator;
let practice: SimulatorProvider;

beforeAll(async () => {
  bridge = await startBridge();
  sim = await startSimulator({ practiceNumber: PRACTICE, webhookUrl: bridge.url, webhookSecret: SECRET, retryBaseMs: 5, retryMaxMs: 20 });
  practice = new SimulatorProvider({ baseUrl: sim.url, secret: SECRET });
});
afterAll(async () => {
  await sim.close();
  await bridge.close();
});
afterEach(async () => {
  await sim.webhooksIdle();
});

async function postInbound(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${sim.url}/sms/inbound`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

describe("patient side: POST /sms/inbound", () => {
  it("answers 202 with an id and delivers the text, signed, to the bridge", async () => {
    const res = await postInbound({ from: PATIENT, body: "Hello, is the clinic open?" });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    expect(id).toMatch(/^SIM[0-9a-f]{32}$/);
    await sim.webhooksIdle();
    expect(bridge.outcomes.at(-1)).toMatchObject({
      kind: "inbound",
      message: { providerMessageId: id, from: PATIENT, to: PRACTICE, body: "Hello, is the clinic open?", media: [] },
    });
  });

  it("reads national numbers in the default country and carries media", async () => {
    const res = await postInbound({ from: "(555) 555-0199", body: "", media: [{ url: "https://example.org/x.jpg", contentType: "image/jpeg" }] });
    expect(res.status).toBe(202);
    await sim.webhooksIdle();
    expect(bridge.outcomes.at(-1)).toMatchObject({ kind: "inbound", message: { from: "+15555550199", media: [{ url: "https://example.org/x.jpg", contentType: "image/jpeg" }] } });
  });

  it.each([
    ["bad JSON", "{not json", 400, /^body: /],
    ["a JSON array", "[]", 400, /^body: /],
    ["no sender", { body: "hi" }, 400, /^from: /],
    ["a bad phone number", { from: "12", body: "hi" }, 400, /^from: /],
    ["letters for a number", { from: "Jane Doe", body: "hi" }, 400, /^from: /],
    ["no body", { from: PATIENT }, 400, /^body: /],
    ["an empty body", { from: PATIENT, body: "  " }, 400, /^body: /],
    ["a too long body", { from: PATIENT, body: "x".repeat(1601) }, 400, /^body: /],
    ["bad media", { from: PATIENT, body: "x", media: [{ url: "javascript:alert(1)" }] }, 400, /^media\[0\]\.url: /],
    ["the practice number as sender", { from: PRACTICE, body: "x" }, 400, /^from: /],
  ])("refuses %s with a message naming the field", async (_name, body, status, message) => {
    const res = await postInbound(body);
    expect(res.status).toBe(status);
    const json = (await res.json()) as { error: { message: string } };
    expect(json.error.message).toMatch(message);
    expect(json.error.message).not.toContain("555-0"); // never the number back
  });

  it("refuses other content types (no cross-site form posts) and foreign origins", async () => {
    const form = await fetch(`${sim.url}/sms/inbound`, { method: "POST", headers: { "content-type": "text/plain" }, body: JSON.stringify({ from: PATIENT, body: "x" }) });
    expect(form.status).toBe(415);
    const foreign = await postInbound({ from: PATIENT, body: "x" }, { origin: "https://evil.example" });
    expect(foreign.status).toBe(403);
  });

  it("retries until the bridge answers 2xx, keeping later texts in order", async () => {
    const before = bridge.attempts;
    const delivered = bridge.outcomes.length;
    bridge.failNext(500, 503);
    await postInbound({ from: PATIENT, body: "first" });
    await postInbound({ from: PATIENT, body: "second" });
    await sim.webhooksIdle();
    expect(bridge.attempts - before).toBe(4); // first: 500, 503, 200; second: 200
    const bodies = bridge.outcomes.slice(delivered).map((o) => (o.kind === "inbound" ? o.message.body : o.kind));
    expect(bodies).toEqual(["first", "second"]);
  });

  it("shows a waiting text's state, then its delivery, in the conversation", async () => {
    bridge.failNext(401);
    const { id } = (await (await postInbound({ from: "+15555550155", body: "are you there?" })).json()) as { id: string };
    await sim.webhooksIdle();
    const res = await fetch(`${sim.url}/sms/conversation?number=%2B15555550155`);
    const conversation = (await res.json()) as Array<{ id: string; direction: string; status: string; attempts: number }>;
    expect(conversation).toEqual([expect.objectContaining({ id, direction: "inbound", status: "delivered", attempts: 2 })]);
  });
});

describe("practice side: the simulator provider", () => {
  it("sends, lists the text under GET /sms/outbound oldest first, and reports sent then delivered", async () => {
    const to = "+15555550142" as E164;
    const first = await practice.send({ to, from: PRACTICE, body: "Reminder: visit tomorrow 9am", idempotencyKey: "$e1" });
    const second = await practice.send({ to, from: PRACTICE, body: "Reply YES to confirm", idempotencyKey: "$e2" });
    // "+" unencoded, as people type it in a URL
    const list = (await (await fetch(`${sim.url}/sms/outbound?to=+15555550142`)).json()) as Array<Record<string, string>>;
    expect(list.map((m) => Object.keys(m).sort())).toEqual([
      ["body", "from", "id", "sentAt", "to"],
      ["body", "from", "id", "sentAt", "to"],
    ]);
    expect(list.map((m) => [m.id, m.to, m.from, m.body])).toEqual([
      [first, to, PRACTICE, "Reminder: visit tomorrow 9am"],
      [second, to, PRACTICE, "Reply YES to confirm"],
    ]);
    expect(Date.parse(list[0]?.sentAt ?? "")).not.toBeNaN();
    await sim.webhooksIdle();
    const statuses = bridge.outcomes.flatMap((o) => (o.kind === "status" && o.update.providerMessageId === first ? [o.update.status] : []));
    expect(statuses).toEqual(["sent", "delivered"]);
    const other = (await (await fetch(`${sim.url}/sms/outbound?to=%2B15555550143`)).json()) as unknown[];
    expect(other).toEqual([]);
  });

  it("never sends twice for one idempotency key", async () => {
    const to = "+15555550144" as E164;
    const a = await practice.send({ to, from: PRACTICE, body: "once", idempotencyKey: "$same" });
    const b = await practice.send({ to, from: PRACTICE, body: "once", idempotencyKey: "$same" });
    expect(b).toBe(a);
    const list = (await (await fetch(`${sim.url}/sms/outbound?to=${encodeURIComponent(to)}`)).json()) as unknown[];
    expect(list).toHaveLength(1);
    const err = await practice.send({ to, from: PRACTICE, body: "different", idempotencyKey: "$same" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ kind: "rejected", httpStatus: 422, providerCode: "idempotency_key_reused" });
  });

  it("refuses a send without the shared secret, or from another number", async () => {
    const wrong = new SimulatorProvider({ baseUrl: sim.url, secret: "another-secret-0123456789" });
    await expect(wrong.send({ to: PATIENT as E164, from: PRACTICE, body: "x", idempotencyKey: "k" })).rejects.toMatchObject({ kind: "auth", retryable: false });
    await expect(practice.send({ to: PATIENT as E164, from: "+15555550999", body: "x", idempotencyKey: "k2" })).rejects.toMatchObject({
      kind: "rejected",
      providerCode: "bad_request",
    });
  });

  it("refuses a bad destination with 400 naming the field", async () => {
    const res = await fetch(`${sim.url}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${SECRET}` },
      body: JSON.stringify({ to: "nope", from: PRACTICE, body: "x" }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/^to: /);
  });
});

describe("other endpoints", () => {
  it("serves a self-contained phone page with a strict CSP that matches its inline script and style", async () => {
    const res = await fetch(`${sim.url}/`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'self'");
    const hash = (s: string): string => `'sha256-${createHash("sha256").update(s).digest("base64")}'`;
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? "";
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? "";
    expect(csp).toContain(`script-src ${hash(script)}`);
    expect(csp).toContain(`style-src ${hash(style)}`);
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//); // no external assets
    expect(script).not.toContain("innerHTML");
    expect(() => new Function(script)).not.toThrow(); // the page's script at least parses
    expect(html).toContain(PRACTICE);
  });

  it("escapes text for HTML", () => {
    expect(escapeHtml(`<img src=x onerror="alert('1')">&`)).toBe("&#60;img src=x onerror=&#34;alert(&#39;1&#39;)&#34;&#62;&#38;");
  });

  it("answers 404 and 405 with JSON errors, and requires the query parameters", async () => {
    expect((await fetch(`${sim.url}/nope`)).status).toBe(404);
    expect((await fetch(`${sim.url}/sms/inbound`)).status).toBe(405);
    const missing = await fetch(`${sim.url}/sms/outbound`);
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toMatch(/^to: /);
    expect((await fetch(`${sim.url}/healthz`)).status).toBe(200);
  });

  it("keeps its memory bounded", async () => {
    const small = await startSimulator({
      practiceNumber: PRACTICE,
      webhookUrl: bridge.url,
      webhookSecret: SECRET,
      retryBaseMs: 5,
      limits: { maxMessagesPerNumber: 3, maxNumbers: 2 },
    });
    const p = new SimulatorProvider({ baseUrl: small.url, secret: SECRET });
    for (let i = 0; i < 5; i++) await p.send({ to: "+15555550161" as E164, from: PRACTICE, body: `m${i}`, idempotencyKey: `a${i}` });
    const kept = (await (await fetch(`${small.url}/sms/outbound?to=%2B15555550161`)).json()) as Array<{ body: string }>;
    expect(kept.map((m) => m.body)).toEqual(["m2", "m3", "m4"]);
    await p.send({ to: "+15555550162" as E164, from: PRACTICE, body: "x", idempotencyKey: "b" });
    await p.send({ to: "+15555550163" as E164, from: PRACTICE, body: "y", idempotencyKey: "c" });
    const forgotten = (await (await fetch(`${small.url}/sms/outbound?to=%2B15555550161`)).json()) as unknown[];
    expect(forgotten).toEqual([]);
    await small.webhooksIdle();
    await small.close();
  });

  it("refuses bad options naming the option", async () => {
    await expect(startSimulator({ practiceNumber: "12", webhookUrl: bridge.url, webhookSecret: SECRET })).rejects.toThrow(/^practiceNumber: /);
    await expect(startSimulator({ practiceNumber: PRACTICE, webhookUrl: "not a url", webhookSecret: SECRET })).rejects.toThrow(/^webhookUrl: /);
    await expect(startSimulator({ practiceNumber: PRACTICE, webhookUrl: bridge.url, webhookSecret: "short" })).rejects.toThrow(/^webhookSecret: /);
  });
});

describe("simulated carrier outage", () => {
  const outage = (body: unknown, secret = SECRET) =>
    fetch(`${sim.url}/api/outage`, { method: "POST", headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" }, body: JSON.stringify(body) });

  it("fails the next N sends with the chosen status, then sends again", async () => {
    expect((await outage({ failNext: 2, status: 503 })).status).toBe(200);
    const to = "+15555550177" as E164;
    for (let i = 0; i < 2; i++) {
      const err = await practice.send({ to, from: PRACTICE, body: "outage test", idempotencyKey: "outage-1" }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ProviderError);
      expect((err as ProviderError).retryable).toBe(true);
      expect((err as ProviderError).httpStatus).toBe(503);
    }
    await practice.send({ to, from: PRACTICE, body: "outage test", idempotencyKey: "outage-1" });
    const texts = (await (await fetch(`${sim.url}/sms/outbound?to=${encodeURIComponent(to)}`)).json()) as unknown[];
    expect(texts).toHaveLength(1);
  });

  it("needs the practice's secret and a sane count", async () => {
    expect((await outage({ failNext: 1 }, "not-the-secret-at-all")).status).toBe(401);
    expect((await outage({ failNext: -1 })).status).toBe(400);
    expect((await outage({ failNext: 1, status: 404 })).status).toBe(400);
  });
});
