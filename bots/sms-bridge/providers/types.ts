import type { E164 } from "../../../core/sms/phone.ts";

/**
 * The network side of the bridge: one interface over every SMS provider. The bridge's Matrix
 * side never sees a provider's wire format; the providers never see Matrix.
 */

export type ProviderName = "simulator" | "twilio" | "aws";

/** A provider's id for one message (Twilio "SM…", AWS MessageId, simulator id). */
export type ProviderMessageId = string & { readonly __brand: "ProviderMessageId" };

export interface OutboundSms {
  to: E164;
  /** The practice number (or, for AWS, any origination identity: number, pool id or ARN). */
  from: string;
  body: string;
  /**
   * Stable per logical message (the bridge uses the Matrix event id). Providers that support
   * idempotent sends (the simulator) never send twice for one key; the others carry it where
   * they can (AWS: in the message Context) and the outbox must not call send twice.
   */
  idempotencyKey: string;
}

export interface InboundMedia {
  url: string;
  contentType?: string;
}

export interface InboundSms {
  providerMessageId: ProviderMessageId;
  /** The patient. */
  from: E164;
  /** The practice number the patient wrote to. */
  to: E164;
  body: string;
  media: InboundMedia[];
  receivedAt: Date;
}

export type DeliveryStatus = "queued" | "sent" | "delivered" | "failed" | "undelivered";

export interface StatusUpdate {
  providerMessageId: ProviderMessageId;
  status: DeliveryStatus;
  /** The provider's own code ("30003", "TEXT_UNREACHABLE"): no PHI. */
  errorCode?: string;
  at: Date;
}

/**
 * A webhook request as the bridge received it. `url` must be the public URL the provider
 * called (scheme, host, port, path and query), built from the bridge's configured public base
 * URL rather than from the Host header; Twilio signs it.
 */
export interface WebhookRequest {
  method: string;
  url: string;
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The raw body, exactly as received (signatures cover the bytes). */
  body: string;
}

export type WebhookRejectReason =
  | "unsigned"
  | "bad_signature"
  | "stale"
  | "wrong_account"
  | "wrong_topic"
  | "bad_cert_url"
  | "cert_unavailable"
  | "confirmation_failed"
  | "malformed";

/** What a webhook turned out to be. Never thrown: a bad request is a value to audit. */
export type WebhookOutcome =
  | { kind: "inbound"; message: InboundSms }
  | { kind: "status"; update: StatusUpdate }
  /** Verified, nothing for the bridge to do (an SNS subscription confirmed, an event we do not map). */
  | { kind: "handled"; note: "subscription_confirmed" | "unsubscribe_confirmation" | "ignored_event" }
  | {
      kind: "rejected";
      reason: WebhookRejectReason;
      /** 401 unsigned, 403 forged or not ours, 400 malformed, 503 try again later. */
      httpStatus: 400 | 401 | 403 | 503;
      /** For logs and audit: names fields, never carries message text or numbers. */
      detail: string;
    };

export interface HttpReply {
  status: number;
  contentType: string;
  body: string;
}

export interface SmsProvider {
  readonly name: ProviderName;
  /**
   * Send one text. Resolves to the provider's message id; rejects with a ProviderError whose
   * `retryable` and `maybeSent` tell the outbox what to do. Never logs the body or the number.
   */
  send(message: OutboundSms): Promise<ProviderMessageId>;
  /**
   * Verify and parse one webhook request (an inbound text or a delivery status). Verification
   * happens before anything in the body is trusted. AWS: a verified SNS SubscriptionConfirmation
   * is confirmed here (the one side effect). Never throws for bad input.
   */
  handleWebhook(request: WebhookRequest): Promise<WebhookOutcome>;
  /** The answer the provider expects when a webhook was accepted. */
  readonly webhookAck: HttpReply;
}

/** Injected so tests control time and the network. */
export interface ProviderDeps {
  fetch?: typeof fetch;
  clock?: () => Date;
}
