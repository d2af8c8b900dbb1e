import { tryParsePhone } from "../../../core/sms/phone.ts";
import { checkSignature, SIGNATURE_HEADER, type SimulatorMessage } from "../../../core/sms/simulatorWire.ts";
import { errorFromStatus, ProviderError } from "./errors.ts";
import { isRecord, parseJson, providerRequest } from "./http.ts";
import type { HttpReply, OutboundSms, ProviderDeps, ProviderMessageId, SmsProvider, WebhookOutcome, WebhookRequest } from "./types.ts";
import { constantTimeEqual, header, reject } from "./webhook.ts";

export interface SimulatorProviderOptions extends ProviderDeps {
  /** The simulator's URL (stack.json `sms.simulatorUrl`). */
  baseUrl: string;
  /** Shared with the simulator: authenticates our sends and signs its webhooks. */
  secret: string;
  timeoutMs?: number;
}

const NAME = "simulator";

/** The local stack's provider: the SMS simulator in infra/local/simulators/sms/. */
export class SimulatorProvider implements SmsProvider {
  readonly name = NAME;
  readonly webhookAck: HttpReply = { status: 200, contentType: "application/json", body: "{}" };
  private readonly options: SimulatorProviderOptions;
  private readonly fetchImpl: typeof fetch;
  private readonly clock: () => Date;

  constructor(options: SimulatorProviderOptions) {
    if (options.secret.length < 16) throw new Error("simulator provider: secret must be at least 16 characters");
    this.options = options;
    this.fetchImpl = options.fetch ?? fetch;
    this.clock = options.clock ?? (() => new Date());
  }

  async send(message: OutboundSms): Promise<ProviderMessageId> {
    const url = new URL("/api/messages", this.options.baseUrl).toString();
    const res = await providerRequest(
      NAME,
      this.fetchImpl,
      url,
      {
        method: "POST",
        headers: {
          authorization: `Bearer ${this.options.secret}`,
          "content-type": "application/json",
          "idempotency-key": message.idempotencyKey,
        },
        body: JSON.stringify({ to: message.to, from: message.from, body: message.body }),
      },
      this.options.timeoutMs,
    );
    if (res.status !== 200 && res.status !== 201) {
      const err = parseJson(res.text);
      const code = isRecord(err) && isRecord(err.error) && typeof err.error.code === "string" ? err.error.code : undefined;
      throw errorFromStatus(NAME, res.status, code !== undefined ? { providerCode: code } : {});
    }
    const json = parseJson(res.text) as Partial<SimulatorMessage> | undefined;
    if (!isRecord(json) || typeof json.id !== "string" || json.id === "") {
      throw new ProviderError({ provider: NAME, kind: "protocol", retryable: true, maybeSent: true, httpStatus: res.status });
    }
    return json.id as ProviderMessageId;
  }

  async handleWebhook(request: WebhookRequest): Promise<WebhookOutcome> {
    const now = this.clock();
    const check = checkSignature(this.options.secret, header(request, SIGNATURE_HEADER), request.body, now, constantTimeEqual);
    if (check === "unsigned") return reject("unsigned", `${SIGNATURE_HEADER} header missing`);
    if (check === "bad_signature") return reject("bad_signature", `${SIGNATURE_HEADER} does not match the body`);
    if (check === "stale") return reject("stale", `${SIGNATURE_HEADER} timestamp outside the allowed window`);
    const event = parseJson(request.body);
    if (!isRecord(event)) return reject("malformed", "body: not a JSON object");
    const id = event.id;
    if (typeof id !== "string" || id === "") return reject("malformed", "id: missing");
    if (event.type === "message.inbound") {
      const from = typeof event.from === "string" ? tryParsePhone(event.from, { check: "possible" }) : null;
      const to = typeof event.to === "string" ? tryParsePhone(event.to, { check: "possible" }) : null;
      if (from === null) return reject("malformed", "from: not a phone number");
      if (to === null) return reject("malformed", "to: not a phone number");
      if (typeof event.body !== "string") return reject("malformed", "body: missing");
      const receivedAt = typeof event.receivedAt === "string" ? new Date(event.receivedAt) : now;
      const media = Array.isArray(event.media)
        ? event.media.filter(isRecord).flatMap((m) =>
            typeof m.url === "string" ? [{ url: m.url, ...(typeof m.contentType === "string" ? { contentType: m.contentType } : {}) }] : [],
          )
        : [];
      return {
        kind: "inbound",
        message: {
          providerMessageId: id as ProviderMessageId,
          from,
          to,
          body: event.body,
          media,
          receivedAt: Number.isNaN(receivedAt.getTime()) ? now : receivedAt,
        },
      };
    }
    if (event.type === "message.status") {
      const status = event.status;
      if (status !== "sent" && status !== "delivered" && status !== "failed" && status !== "undelivered") {
        return reject("malformed", "status: not a delivery status");
      }
      const at = typeof event.at === "string" ? new Date(event.at) : now;
      return {
        kind: "status",
        update: {
          providerMessageId: id as ProviderMessageId,
          status,
          ...(typeof event.errorCode === "string" ? { errorCode: event.errorCode } : {}),
          at: Number.isNaN(at.getTime()) ? now : at,
        },
      };
    }
    return reject("malformed", "type: not an event this bridge knows");
  }
}
