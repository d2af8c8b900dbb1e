import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { randomUUID, createHash } from "node:crypto";
import type { AddressInfo } from "node:net";
import { InputError } from "../../../../core/errors.ts";
import { parsePhone, type E164 } from "../../../../core/sms/phone.ts";
import { constantTimeEqual } from "../../../../core/constantTime.ts";
import { PAGE_CSP, phonePage } from "./page.ts";
import { SimulatorStore, type StoreLimits, type StoredMessage } from "./SimulatorStore.ts";
import { WebhookDispatcher } from "./WebhookDispatcher.ts";
import type { SimulatorEvent, SimulatorMessage } from "../../../../core/sms/simulatorWire.ts";

/**
 * The local stack's SMS provider (DESIGN.md, "SMS simulator"): patients' phones on one side
 * (the HTTP API and the phone page), the practice (the bridge's `simulator` provider) on the
 * other. State is in memory and bounded.
 *
 * Patient side:
 *   POST /sms/inbound {"from", "body", "media"?} -> 202 {"id"}; delivered to the bridge's webhook.
 *   GET  /sms/outbound?to=NUMBER -> what the practice sent to NUMBER, oldest first.
 *   GET  /sms/conversation?number=NUMBER -> both directions with delivery state (the page uses it).
 *   GET  / -> the phone page.
 * Practice side:
 *   POST /api/messages (Bearer secret, Idempotency-Key) {"to", "from", "body"} -> 201 message;
 *   then status events "sent" and "delivered" go to the webhook.
 *   POST /api/outage (Bearer secret) {"failNext": N, "status"?: 503|500|429} -> the next N sends
 *   fail with that status: a simulated carrier outage.
 */

export interface SimulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** The practice number patients text (policy `sms.practiceNumber`). */
  practiceNumber: string;
  /** The bridge's webhook for the simulator provider. */
  webhookUrl: string;
  /** Shared with the bridge: signs webhooks, authenticates the practice's sends. */
  webhookSecret: string;
  /** Country for numbers typed without a country code (policy `sms.defaultCountry`). */
  defaultCountry?: string;
  retryBaseMs?: number;
  retryMaxMs?: number;
  limits?: Partial<StoreLimits> & { maxPendingWebhooks?: number };
  fetch?: typeof fetch;
  clock?: () => Date;
  /** Told about each webhook attempt (ids and statuses only), for the process's log. */
  onWebhookAttempt?: (info: { eventId: string; type: string; attempt: number; ok: boolean; status?: number; error?: string }) => void;
}

export interface RunningSimulator {
  url: string;
  /** Resolves once every queued webhook has been delivered. */
  webhooksIdle(): Promise<void>;
  close(): Promise<void>;
}

const MAX_REQUEST_BYTES = 64 * 1024;
/** Twilio's limit for one message body; longer texts are refused as they would be there. */
const MAX_BODY_CHARS = 1600;
const MAX_MEDIA = 10;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, {
    "content-type": typeof body === "string" ? "text/html; charset=utf-8" : "application/json; charset=utf-8",
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    ...headers,
  });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const type = req.headers["content-type"] ?? "";
  if (!/^application\/json(;|$)/i.test(type)) throw new HttpError(415, "unsupported_media_type", "content-type: must be application/json");
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) throw new HttpError(413, "too_large", `body: larger than ${MAX_REQUEST_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new HttpError(400, "bad_json", "body: not valid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new HttpError(400, "bad_json", "body: must be a JSON object");
  return value as Record<string, unknown>;
}

/** Query parameters decoded without turning "+" into a space: "?to=+1555..." is common. */
function queryParam(req: IncomingMessage, name: string): string | undefined {
  const query = (req.url ?? "").split("?")[1] ?? "";
  for (const pair of query.split("&")) {
    const eq = pair.indexOf("=");
    const key = eq < 0 ? pair : pair.slice(0, eq);
    if (key !== name) continue;
    try {
      return decodeURIComponent(eq < 0 ? "" : pair.slice(eq + 1));
    } catch {
      throw new HttpError(400, "bad_request", `${name}: not URL-encoded correctly`);
    }
  }
  return undefined;
}

export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const country = options.defaultCountry ?? "US";
  const phone = (value: unknown, field: string): E164 => {
    if (typeof value !== "string") throw new HttpError(400, "bad_request", `${field}: must be a phone number string`);
    try {
      return parsePhone(value, { field, defaultCountry: country, check: "possible" });
    } catch (err) {
      if (err instanceof InputError) throw new HttpError(400, "bad_phone_number", err.message);
      throw err;
    }
  };
  const practiceNumber = (() => {
    try {
      return parsePhone(options.practiceNumber, { field: "practiceNumber", check: "possible" });
    } catch (err) {
      throw err instanceof InputError ? err : new InputError("practiceNumber: not a phone number");
    }
  })();
  if (options.webhookSecret.length < 16) throw new InputError("webhookSecret: must be at least 16 characters");
  try {
    new URL(options.webhookUrl);
  } catch {
    throw new InputError("webhookUrl: not a URL");
  }

  const clock = options.clock ?? (() => new Date());
  const store = new SimulatorStore(options.limits);
  const dispatcher = new WebhookDispatcher({
    webhookUrl: options.webhookUrl,
    secret: options.webhookSecret,
    fetch: options.fetch ?? fetch,
    clock,
    retryBaseMs: options.retryBaseMs ?? 250,
    retryMaxMs: options.retryMaxMs ?? 5000,
    maxQueue: options.limits?.maxPendingWebhooks ?? 1000,
    timeoutMs: 10_000,
    onAttempt: (event, attempt, result) => {
      const message = store.get(event.id);
      if (message) {
        message.attempts = event.type === "message.inbound" ? attempt : message.attempts;
        if (result.ok) {
          delete message.lastError;
          message.status = event.type === "message.inbound" ? "delivered" : event.status === "delivered" ? "delivered" : "sent";
        } else if (event.type === "message.inbound") {
          message.lastError = result.status !== undefined ? `bridge answered ${result.status}` : "bridge unreachable";
        }
      }
      options.onWebhookAttempt?.({ eventId: event.id, type: event.type, attempt, ...result });
    },
  });

  const enqueue = (event: SimulatorEvent): void => {
    if (!dispatcher.enqueue(event)) throw new HttpError(503, "busy", "too many webhooks waiting for the bridge; try again later");
  };

  const view = (m: StoredMessage): SimulatorMessage => ({
    id: m.id,
    to: m.to,
    from: m.from,
    body: m.body,
    sentAt: m.at,
    status: m.status === "pending" ? "queued" : m.status,
  });

  async function inbound(req: IncomingMessage): Promise<unknown> {
    const json = await readJson(req);
    const from = phone(json.from, "from");
    if (from === practiceNumber) throw new HttpError(400, "bad_request", "from: is the practice number itself");
    if (typeof json.body !== "string") throw new HttpError(400, "bad_request", "body: must be a string");
    if (json.body.length > MAX_BODY_CHARS) throw new HttpError(400, "bad_request", `body: longer than ${MAX_BODY_CHARS} characters`);
    const media: StoredMessage["media"] = [];
    if (json.media !== undefined) {
      if (!Array.isArray(json.media) || json.media.length > MAX_MEDIA) throw new HttpError(400, "bad_request", `media: must be a list of at most ${MAX_MEDIA} items`);
      json.media.forEach((item: unknown, i) => {
        const m = item as { url?: unknown; contentType?: unknown } | null;
        const url = typeof m?.url === "string" ? URL.parse(m.url) : null;
        if (url === null || (url.protocol !== "http:" && url.protocol !== "https:")) throw new HttpError(400, "bad_request", `media[${i}].url: must be an http(s) URL`);
        if (m?.contentType !== undefined && typeof m.contentType !== "string") throw new HttpError(400, "bad_request", `media[${i}].contentType: must be a string`);
        media.push({ url: url.toString(), ...(typeof m?.contentType === "string" ? { contentType: m.contentType } : {}) });
      });
    }
    if (json.body.trim() === "" && media.length === 0) throw new HttpError(400, "bad_request", "body: must not be empty");
    const id = `SIM${randomUUID().replace(/-/g, "")}`;
    const at = clock().toISOString();
    const message: StoredMessage = { id, direction: "inbound", from, to: practiceNumber, body: json.body, media, at, status: "pending", attempts: 0 };
    enqueue({ type: "message.inbound", id, from, to: practiceNumber, body: json.body, media, receivedAt: at });
    store.add(from, message);
    return { id };
  }

  const requirePractice = (req: IncomingMessage): void => {
    const auth = req.headers.authorization ?? "";
    if (!auth.startsWith("Bearer ") || !constantTimeEqual(auth.slice(7), options.webhookSecret)) {
      throw new HttpError(401, "unauthorized", "authorization: a Bearer token with the shared secret is required");
    }
  };

  // A simulated carrier outage: the next N practice sends fail with this status (as a real
  // provider's 5xx/429 would), so the bridge's retries can be seen and tested.
  let outage = { remaining: 0, status: 503 };
  async function setOutage(req: IncomingMessage): Promise<unknown> {
    requirePractice(req);
    const json = await readJson(req);
    const failNext = json.failNext;
    if (typeof failNext !== "number" || !Number.isInteger(failNext) || failNext < 0 || failNext > 1000) {
      throw new HttpError(400, "bad_request", "failNext: must be a whole number from 0 to 1000");
    }
    const status = json.status ?? 503;
    if (status !== 500 && status !== 503 && status !== 429) throw new HttpError(400, "bad_request", "status: must be 500, 503 or 429");
    outage = { remaining: failNext, status };
    return { failNext: outage.remaining, status: outage.status };
  }

  async function practiceSend(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
    requirePractice(req);
    if (outage.remaining > 0) {
      outage.remaining--;
      throw new HttpError(outage.status, outage.status === 429 ? "rate_limited" : "carrier_unavailable", "simulated carrier outage");
    }
    const json = await readJson(req);
    const to = phone(json.to, "to");
    const from = phone(json.from, "from");
    if (from !== practiceNumber) throw new HttpError(400, "bad_request", "from: not this simulator's practice number");
    if (typeof json.body !== "string" || json.body === "") throw new HttpError(400, "bad_request", "body: must be a non-empty string");
    if (json.body.length > MAX_BODY_CHARS) throw new HttpError(400, "bad_request", `body: longer than ${MAX_BODY_CHARS} characters`);
    const keyHeader = req.headers["idempotency-key"];
    const key = typeof keyHeader === "string" && keyHeader !== "" ? keyHeader : undefined;
    if (key !== undefined && key.length > 255) throw new HttpError(400, "bad_request", "idempotency-key: longer than 255 characters");
    const fingerprint = createHash("sha256").update(JSON.stringify([to, from, json.body])).digest("hex");
    if (key !== undefined) {
      const earlier = store.idempotent(key);
      if (earlier !== undefined) {
        if (earlier.fingerprint !== fingerprint) throw new HttpError(422, "idempotency_key_reused", "idempotency-key: already used for a different message");
        const message = store.get(earlier.messageId);
        if (message) return { status: 200, body: view(message) };
      }
    }
    const id = `SIM${randomUUID().replace(/-/g, "")}`;
    const message: StoredMessage = { id, direction: "outbound", from, to, body: json.body, media: [], at: clock().toISOString(), status: "queued", attempts: 0 };
    enqueue({ type: "message.status", id, status: "sent", at: message.at });
    enqueue({ type: "message.status", id, status: "delivered", at: message.at });
    store.add(to, message);
    if (key !== undefined) store.remember(key, { messageId: id, fingerprint });
    return { status: 201, body: view(message) };
  }

  const server = createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? "/").split("?")[0];
      const method = req.method ?? "GET";
      try {
        if (method === "POST") {
          // A page on another origin must not act as a patient or as the practice.
          const origin = req.headers.origin;
          if (origin !== undefined && origin !== `http://${req.headers.host ?? ""}`) throw new HttpError(403, "forbidden", "origin: requests from other sites are refused");
        }
        if (method === "GET" && path === "/") {
          send(res, 200, phonePage(practiceNumber), { "content-security-policy": PAGE_CSP });
        } else if (method === "GET" && path === "/healthz") {
          send(res, 200, { ok: true, practiceNumber, pendingWebhooks: dispatcher.pending });
        } else if (method === "POST" && path === "/sms/inbound") {
          send(res, 202, await inbound(req));
        } else if (method === "GET" && path === "/sms/outbound") {
          const to = queryParam(req, "to");
          if (to === undefined || to === "") throw new HttpError(400, "bad_request", "to: required");
          const number = phone(to, "to");
          send(res, 200, store.conversation(number).filter((m) => m.direction === "outbound").map(({ id, to: t, from, body, at }) => ({ id, to: t, from, body, sentAt: at })));
        } else if (method === "GET" && path === "/sms/conversation") {
          const n = queryParam(req, "number");
          if (n === undefined || n === "") throw new HttpError(400, "bad_request", "number: required");
          send(res, 200, store.conversation(phone(n, "number")));
        } else if (method === "POST" && path === "/api/outage") {
          send(res, 200, await setOutage(req));
        } else if (method === "POST" && path === "/api/messages") {
          const out = await practiceSend(req);
          send(res, out.status, out.body);
        } else if (["/", "/healthz", "/sms/inbound", "/sms/outbound", "/sms/conversation", "/api/messages"].includes(path ?? "")) {
          throw new HttpError(405, "method_not_allowed", `method: ${method} is not allowed here`);
        } else {
          throw new HttpError(404, "not_found", "path: no such endpoint");
        }
      } catch (err) {
        if (err instanceof HttpError) send(res, err.status, { error: { code: err.code, message: err.message } });
        else send(res, 500, { error: { code: "internal", message: "internal error" } });
      }
    })();
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    webhooksIdle: () => dispatcher.idle(),
    close: () =>
      new Promise<void>((resolve) => {
        dispatcher.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
