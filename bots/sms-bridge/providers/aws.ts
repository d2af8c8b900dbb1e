import { tryParsePhone } from "../../../core/sms/phone.ts";
import type { AwsCredentialsProvider } from "./awsCredentials.ts";
import { signRequest } from "./awsSigV4.ts";
import { errorFromStatus, parseRetryAfter, ProviderError } from "./errors.ts";
import { isRecord, parseJson, providerRequest } from "./http.ts";
import { isSnsUrl, SnsVerifier } from "./snsVerifier.ts";
import type {
  DeliveryStatus,
  HttpReply,
  OutboundSms,
  ProviderDeps,
  ProviderMessageId,
  SmsProvider,
  WebhookOutcome,
  WebhookRequest,
} from "./types.ts";
import { header, reject } from "./webhook.ts";

export interface AwsProviderOptions extends ProviderDeps {
  region: string;
  credentials: AwsCredentialsProvider;
  /** Default https://sms-voice.<region>.amazonaws.com; tests point it at a local fake. */
  baseUrl?: string;
  /** The configuration set whose event destination posts delivery events to our SNS topic. */
  configurationSetName?: string;
  /** Default TRANSACTIONAL (time-sensitive care messages). */
  messageType?: "TRANSACTIONAL" | "PROMOTIONAL";
  /** SNS topics allowed to post to the webhook: the two-way SMS topic and the events topic. */
  topicArns: readonly string[];
  /** Fetches SNS signing certificates and SubscribeURLs (default global fetch). */
  snsFetch?: typeof fetch;
  /** Name the SNS signing certificate must be issued to (default sns.amazonaws.com). */
  snsCertificateHost?: string | null;
  timeoutMs?: number;
}

const NAME = "aws";
const SERVICE = "sms-voice";
const TARGET = "PinpointSMSVoiceV2.SendTextMessage";
/** The Context key that carries our idempotency key into delivery events. */
export const IDEMPOTENCY_CONTEXT_KEY = "wardroomIdempotencyKey";

/** End User Messaging event types (configuration-sets-event-types) and what they mean here. */
const EVENT_STATUS: Record<string, DeliveryStatus> = {
  TEXT_QUEUED: "queued",
  TEXT_PENDING: "queued",
  TEXT_SUCCESSFUL: "sent",
  TEXT_DELIVERED: "delivered",
  TEXT_BLOCKED: "failed",
  TEXT_CARRIER_BLOCKED: "failed",
  TEXT_SPAM: "failed",
  TEXT_PROTECT_BLOCKED: "failed",
  TEXT_INVALID: "failed",
  TEXT_INVALID_MESSAGE: "failed",
  TEXT_TTL_EXPIRED: "undelivered",
  TEXT_CARRIER_UNREACHABLE: "undelivered",
  TEXT_UNREACHABLE: "undelivered",
  TEXT_UNKNOWN: "undelivered",
};

/** "com.amazonaws.pinpointsmsvoicev2#ThrottlingException" or "ThrottlingException:http://..." -> "ThrottlingException". */
function errorType(json: unknown, headerValue: string | null): string | undefined {
  const raw = (isRecord(json) && typeof json.__type === "string" ? json.__type : undefined) ?? headerValue ?? undefined;
  if (raw === undefined || raw === "") return undefined;
  return raw.split("#").pop()?.split(":")[0];
}

export class AwsSmsProvider implements SmsProvider {
  readonly name = NAME;
  readonly webhookAck: HttpReply = { status: 200, contentType: "text/plain", body: "" };
  private readonly options: AwsProviderOptions;
  private readonly fetchImpl: typeof fetch;
  private readonly snsFetch: typeof fetch;
  private readonly clock: () => Date;
  private readonly verifier: SnsVerifier;

  constructor(options: AwsProviderOptions) {
    if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(options.region)) throw new Error("aws provider: region must look like us-east-1");
    this.options = options;
    this.fetchImpl = options.fetch ?? fetch;
    this.snsFetch = options.snsFetch ?? fetch;
    this.clock = options.clock ?? (() => new Date());
    this.verifier = new SnsVerifier({
      topicArns: options.topicArns,
      fetch: this.snsFetch,
      clock: this.clock,
      ...(options.snsCertificateHost !== undefined ? { certificateHost: options.snsCertificateHost } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    });
  }

  async send(message: OutboundSms): Promise<ProviderMessageId> {
    const url = new URL("/", this.options.baseUrl ?? `https://sms-voice.${this.options.region}.amazonaws.com`).toString();
    const body = JSON.stringify({
      DestinationPhoneNumber: message.to,
      OriginationIdentity: message.from,
      MessageBody: message.body,
      MessageType: this.options.messageType ?? "TRANSACTIONAL",
      ...(this.options.configurationSetName !== undefined ? { ConfigurationSetName: this.options.configurationSetName } : {}),
      Context: { [IDEMPOTENCY_CONTEXT_KEY]: message.idempotencyKey },
    });
    let credentials;
    try {
      credentials = await this.options.credentials();
    } catch {
      throw new ProviderError({ provider: NAME, kind: "auth", retryable: true, maybeSent: false, providerCode: "CredentialsUnavailable" });
    }
    const signed = signRequest(
      {
        method: "POST",
        url,
        headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": TARGET },
        body,
      },
      { service: SERVICE, region: this.options.region, credentials, now: this.clock() },
    );
    const { host: _host, ...headers } = signed.headers; // fetch sends the same Host itself
    const res = await providerRequest(NAME, this.fetchImpl, url, { method: "POST", headers, body }, this.options.timeoutMs);
    const json = parseJson(res.text);
    if (res.status !== 200) {
      const type = errorType(json, res.headers.get("x-amzn-errortype"));
      const retryAfterMs = parseRetryAfter(res.headers.get("retry-after"), this.clock());
      const extra = { ...(type !== undefined ? { providerCode: type } : {}), ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
      const base = { provider: NAME, httpStatus: res.status, ...extra };
      // The JSON protocol answers throttling with HTTP 400: the error type decides, not the status.
      if (type === "ThrottlingException") throw new ProviderError({ ...base, kind: "rate_limited", retryable: true, maybeSent: false });
      if (type === "InternalServerException") throw new ProviderError({ ...base, kind: "server", retryable: true, maybeSent: true });
      if (type === "ExpiredTokenException") throw new ProviderError({ ...base, kind: "auth", retryable: true, maybeSent: false });
      throw errorFromStatus(NAME, res.status, extra);
    }
    if (!isRecord(json) || typeof json.MessageId !== "string" || json.MessageId === "") {
      throw new ProviderError({ provider: NAME, kind: "protocol", retryable: true, maybeSent: true, httpStatus: res.status });
    }
    return json.MessageId as ProviderMessageId;
  }

  async handleWebhook(request: WebhookRequest): Promise<WebhookOutcome> {
    if (request.method.toUpperCase() !== "POST") return reject("malformed", "method: SNS posts");
    const verified = await this.verifier.verify(request.body, header(request, "x-amz-sns-message-type"));
    if (!verified.ok) return reject(verified.reason, verified.detail);
    const envelope = verified.envelope;

    if (envelope.Type === "SubscriptionConfirmation") {
      const subscribeUrl = envelope.SubscribeURL ?? "";
      if (!isSnsUrl(subscribeUrl, envelope.TopicArn)) return reject("bad_cert_url", "SubscribeURL: not an https URL on the topic region's SNS host");
      try {
        const res = await this.snsFetch(subscribeUrl, { signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000), redirect: "error" });
        if (!res.ok) return reject("confirmation_failed", `SubscribeURL: answered HTTP ${res.status}`);
      } catch {
        return reject("confirmation_failed", "SubscribeURL: unreachable");
      }
      return { kind: "handled", note: "subscription_confirmed" };
    }
    if (envelope.Type === "UnsubscribeConfirmation") return { kind: "handled", note: "unsubscribe_confirmation" };

    const payload = parseJson(envelope.Message);
    if (!isRecord(payload)) return reject("malformed", "Message: not JSON");
    const now = this.clock();
    if (typeof payload.eventType === "string") {
      const status = EVENT_STATUS[payload.eventType];
      if (status === undefined) return { kind: "handled", note: "ignored_event" };
      if (typeof payload.messageId !== "string" || payload.messageId === "") return reject("malformed", "Message.messageId: missing");
      const at = typeof payload.eventTimestamp === "number" ? new Date(payload.eventTimestamp) : now;
      return {
        kind: "status",
        update: {
          providerMessageId: payload.messageId as ProviderMessageId,
          status,
          ...(status === "failed" || status === "undelivered" ? { errorCode: payload.eventType } : {}),
          at: Number.isNaN(at.getTime()) ? now : at,
        },
      };
    }
    const from = typeof payload.originationNumber === "string" ? tryParsePhone(payload.originationNumber, { check: "possible" }) : null;
    const to = typeof payload.destinationNumber === "string" ? tryParsePhone(payload.destinationNumber, { check: "possible" }) : null;
    if (from === null) return reject("malformed", "Message.originationNumber: not a phone number");
    if (to === null) return reject("malformed", "Message.destinationNumber: not a phone number");
    if (typeof payload.messageBody !== "string") return reject("malformed", "Message.messageBody: missing");
    if (typeof payload.inboundMessageId !== "string" || payload.inboundMessageId === "") return reject("malformed", "Message.inboundMessageId: missing");
    const receivedAt = new Date(envelope.Timestamp);
    return {
      kind: "inbound",
      message: {
        providerMessageId: payload.inboundMessageId as ProviderMessageId,
        from,
        to,
        body: payload.messageBody,
        media: [], // two-way MMS is not supported by End User Messaging
        receivedAt: Number.isNaN(receivedAt.getTime()) ? now : receivedAt,
      },
    };
  }
}
