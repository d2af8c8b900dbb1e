import { tryParsePhone } from "../../../core/sms/phone.ts";
import { errorFromStatus, parseRetryAfter, ProviderError } from "./errors.ts";
import { isRecord, parseJson, providerRequest } from "./http.ts";
import { signedUrlVariants, twilioSignature } from "./twilioSignature.ts";
import type {
  DeliveryStatus,
  HttpReply,
  InboundMedia,
  OutboundSms,
  ProviderDeps,
  ProviderMessageId,
  SmsProvider,
  WebhookOutcome,
  WebhookRequest,
} from "./types.ts";
import { constantTimeEqual, header, reject } from "./webhook.ts";

export interface TwilioProviderOptions extends ProviderDeps {
  accountSid: string;
  /** Signs Twilio's webhooks; also authenticates sends unless an API key is given. */
  authToken: string;
  /** An API key for sends (recommended: it can be revoked without changing the Auth Token). */
  apiKey?: { sid: string; secret: string };
  /** Default https://api.twilio.com; tests point it at a local fake. */
  baseUrl?: string;
  /** Where Twilio posts delivery statuses (the bridge's public webhook URL). */
  statusCallbackUrl?: string;
  /** Send through a Messaging Service instead of from the number given to send(). */
  messagingServiceSid?: string;
  timeoutMs?: number;
}

const NAME = "twilio";
/** Twilio codes worth retrying although their HTTP status is 4xx: the sender's queue is full. */
const RETRYABLE_CODES = new Set(["21611"]);
/** Twilio sends at most 10 media items per message. */
const MAX_MEDIA = 10;

const STATUS_MAP: Record<string, DeliveryStatus> = {
  accepted: "queued",
  scheduled: "queued",
  queued: "queued",
  sending: "queued",
  sent: "sent",
  delivered: "delivered",
  read: "delivered",
  undelivered: "undelivered",
  partially_delivered: "undelivered",
  failed: "failed",
  canceled: "failed",
};

export class TwilioProvider implements SmsProvider {
  readonly name = NAME;
  /** An empty TwiML answer: accept the text, send no automatic reply. */
  readonly webhookAck: HttpReply = {
    status: 200,
    contentType: "text/xml",
    body: '<?xml version="1.0" encoding="UTF-8"?><Response></Response>',
  };
  private readonly options: TwilioProviderOptions;
  private readonly fetchImpl: typeof fetch;
  private readonly clock: () => Date;

  constructor(options: TwilioProviderOptions) {
    if (!/^AC[0-9a-fA-F]{32}$/.test(options.accountSid)) throw new Error("twilio provider: accountSid must look like AC followed by 32 hex digits");
    if (options.authToken === "") throw new Error("twilio provider: authToken is required");
    this.options = options;
    this.fetchImpl = options.fetch ?? fetch;
    this.clock = options.clock ?? (() => new Date());
  }

  async send(message: OutboundSms): Promise<ProviderMessageId> {
    const { accountSid, authToken, apiKey } = this.options;
    const base = this.options.baseUrl ?? "https://api.twilio.com";
    const url = new URL(`/2010-04-01/Accounts/${accountSid}/Messages.json`, base).toString();
    const form = new URLSearchParams({ To: message.to, Body: message.body });
    if (this.options.messagingServiceSid !== undefined) form.set("MessagingServiceSid", this.options.messagingServiceSid);
    else form.set("From", message.from);
    if (this.options.statusCallbackUrl !== undefined) form.set("StatusCallback", this.options.statusCallbackUrl);
    const user = apiKey?.sid ?? accountSid;
    const pass = apiKey?.secret ?? authToken;
    const res = await providerRequest(
      NAME,
      this.fetchImpl,
      url,
      {
        method: "POST",
        headers: {
          authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}`,
          "content-type": "application/x-www-form-urlencoded",
          accept: "application/json",
        },
        body: form.toString(),
      },
      this.options.timeoutMs,
    );
    const json = parseJson(res.text);
    if (res.status < 200 || res.status >= 300) {
      // Twilio's error body: {"code": 21211, "message": "...", "more_info": "...", "status": 400}.
      const code = isRecord(json) && (typeof json.code === "number" || typeof json.code === "string") ? String(json.code) : undefined;
      const retryAfterMs = parseRetryAfter(res.headers.get("retry-after"), this.clock());
      const extra = { ...(code !== undefined ? { providerCode: code } : {}), ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
      if (code !== undefined && RETRYABLE_CODES.has(code)) {
        throw new ProviderError({ provider: NAME, kind: "rate_limited", retryable: true, maybeSent: false, httpStatus: res.status, ...extra });
      }
      throw errorFromStatus(NAME, res.status, extra);
    }
    if (!isRecord(json) || typeof json.sid !== "string" || json.sid === "") {
      throw new ProviderError({ provider: NAME, kind: "protocol", retryable: true, maybeSent: true, httpStatus: res.status });
    }
    return json.sid as ProviderMessageId;
  }

  async handleWebhook(request: WebhookRequest): Promise<WebhookOutcome> {
    const method = request.method.toUpperCase();
    let params: Array<[string, string]>;
    let signedParams: Array<[string, string]>;
    if (method === "POST") {
      params = [...new URLSearchParams(request.body)];
      signedParams = params;
    } else if (method === "GET") {
      try {
        params = [...new URL(request.url).searchParams];
      } catch {
        return reject("malformed", "url: not a URL");
      }
      signedParams = []; // a GET webhook's parameters are in the signed URL
    } else {
      return reject("malformed", "method: Twilio webhooks are POST or GET");
    }
    const signature = header(request, "x-twilio-signature");
    if (signature === undefined || signature === "") return reject("unsigned", "X-Twilio-Signature header missing");
    const valid = signedUrlVariants(request.url).some((url) =>
      constantTimeEqual(signature, twilioSignature(this.options.authToken, url, signedParams)),
    );
    if (!valid) return reject("bad_signature", "X-Twilio-Signature does not match the URL and parameters");

    const get = (name: string): string | undefined => params.find(([k]) => k === name)?.[1];
    const accountSid = get("AccountSid");
    if (accountSid === undefined) return reject("malformed", "AccountSid: missing");
    if (accountSid !== this.options.accountSid) return reject("wrong_account", "AccountSid: not this account");
    const sid = get("MessageSid") ?? get("SmsSid");
    if (sid === undefined || sid === "") return reject("malformed", "MessageSid: missing");
    const now = this.clock();
    const status = get("MessageStatus") ?? get("SmsStatus");

    if (status === undefined || status === "received" || status === "receiving") {
      const from = tryParsePhone(get("From") ?? "", { check: "possible" });
      const to = tryParsePhone(get("To") ?? "", { check: "possible" });
      if (from === null) return reject("malformed", "From: not a phone number");
      if (to === null) return reject("malformed", "To: not a phone number");
      const numMedia = Math.min(Number.parseInt(get("NumMedia") ?? "0", 10) || 0, MAX_MEDIA);
      const media: InboundMedia[] = [];
      for (let i = 0; i < numMedia; i++) {
        const url = get(`MediaUrl${i}`);
        const contentType = get(`MediaContentType${i}`);
        if (url !== undefined) media.push({ url, ...(contentType !== undefined ? { contentType } : {}) });
      }
      return {
        kind: "inbound",
        message: { providerMessageId: sid as ProviderMessageId, from, to, body: get("Body") ?? "", media, receivedAt: now },
      };
    }
    const mapped = STATUS_MAP[status];
    if (mapped === undefined) return { kind: "handled", note: "ignored_event" };
    const errorCode = get("ErrorCode");
    return {
      kind: "status",
      update: {
        providerMessageId: sid as ProviderMessageId,
        status: mapped,
        ...(errorCode !== undefined && errorCode !== "" ? { errorCode } : {}),
        at: now,
      },
    };
  }
}
