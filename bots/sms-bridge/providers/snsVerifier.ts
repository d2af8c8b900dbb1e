import { verify as verifySignature, X509Certificate } from "node:crypto";
import { isRecord, parseJson } from "./http.ts";
import type { WebhookRejectReason } from "./types.ts";

/**
 * Verification of Amazon SNS messages posted to an HTTPS subscription
 * (docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html):
 * the TopicArn must be one we subscribed to, the SigningCertURL must be an https URL on
 * `sns.<region>.amazonaws.com` (the topic's region), and the signature (SignatureVersion 1:
 * SHA1withRSA, 2: SHA256withRSA) must verify with that certificate over the canonical string
 * to sign. Certificates are fetched through an injectable fetcher and cached.
 */

export type SnsMessageType = "Notification" | "SubscriptionConfirmation" | "UnsubscribeConfirmation";

export interface SnsEnvelope {
  Type: SnsMessageType;
  MessageId: string;
  TopicArn: string;
  Message: string;
  Timestamp: string;
  SignatureVersion: string;
  Signature: string;
  SigningCertURL: string;
  Subject?: string;
  SubscribeURL?: string;
  Token?: string;
  UnsubscribeURL?: string;
}

export type SnsVerification = { ok: true; envelope: SnsEnvelope } | { ok: false; reason: WebhookRejectReason; detail: string };

/** Fields of the string to sign, in byte order, per message type. */
const SIGNED_FIELDS: Record<SnsMessageType, ReadonlyArray<keyof SnsEnvelope>> = {
  Notification: ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"],
  SubscriptionConfirmation: ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"],
  UnsubscribeConfirmation: ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"],
};

/** "Name\nvalue\n" for each signed field present (Subject only when the message has one). */
export function snsStringToSign(envelope: SnsEnvelope): string {
  let out = "";
  for (const field of SIGNED_FIELDS[envelope.Type]) {
    const value = envelope[field];
    if (value === undefined) continue;
    out += `${field}\n${value}\n`;
  }
  return out;
}

/** The SNS host of the topic's region: sns.us-east-1.amazonaws.com (or .com.cn in China). */
export function snsHostForTopic(topicArn: string): string | null {
  const parts = topicArn.split(":");
  if (parts.length < 6 || parts[0] !== "arn" || parts[2] !== "sns") return null;
  const partition = parts[1];
  const region = parts[3] ?? "";
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) return null;
  if (partition === "aws" || partition === "aws-us-gov") return `sns.${region}.amazonaws.com`;
  if (partition === "aws-cn") return `sns.${region}.amazonaws.com.cn`;
  return null;
}

/** An https URL on the topic's SNS host, with no port or credentials. */
export function isSnsUrl(value: string, topicArn: string): boolean {
  const host = snsHostForTopic(topicArn);
  if (host === null) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return url.protocol === "https:" && url.hostname === host && url.port === "" && url.username === "" && url.password === "";
}

export interface SnsVerifierOptions {
  /** Topics allowed to call this endpoint (inbound SMS, delivery events). */
  topicArns: readonly string[];
  /** Fetches certificates (and, for the provider, SubscribeURLs); tests map AWS hosts to a fake. */
  fetch?: typeof fetch;
  clock?: () => Date;
  /** The name the signing certificate must be issued to; null skips the check. */
  certificateHost?: string | null;
  timeoutMs?: number;
  /** Certificates kept in memory. */
  cacheSize?: number;
}

const MAX_CERT_BYTES = 64 * 1024;

export class SnsVerifier {
  private readonly topics: Set<string>;
  private readonly fetchImpl: typeof fetch;
  private readonly clock: () => Date;
  private readonly certificateHost: string | null;
  private readonly timeoutMs: number;
  private readonly cacheSize: number;
  private readonly certs = new Map<string, Promise<X509Certificate>>();

  constructor(options: SnsVerifierOptions) {
    if (options.topicArns.length === 0) throw new Error("sns: at least one topic ARN is required");
    for (const arn of options.topicArns) {
      if (snsHostForTopic(arn) === null) throw new Error("sns: topicArns must be SNS topic ARNs such as arn:aws:sns:us-east-1:123456789012:sms-inbound");
    }
    this.topics = new Set(options.topicArns);
    this.fetchImpl = options.fetch ?? fetch;
    this.clock = options.clock ?? (() => new Date());
    this.certificateHost = options.certificateHost === undefined ? "sns.amazonaws.com" : options.certificateHost;
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.cacheSize = options.cacheSize ?? 16;
  }

  /** Parse and verify an SNS POST body. `messageTypeHeader` is x-amz-sns-message-type. */
  async verify(body: string, messageTypeHeader: string | undefined): Promise<SnsVerification> {
    const json = parseJson(body);
    if (!isRecord(json)) return { ok: false, reason: "malformed", detail: "body: not a JSON object" };
    const type = json.Type;
    if (type !== "Notification" && type !== "SubscriptionConfirmation" && type !== "UnsubscribeConfirmation") {
      return { ok: false, reason: "malformed", detail: "Type: not an SNS message type" };
    }
    if (messageTypeHeader !== undefined && messageTypeHeader !== type) {
      return { ok: false, reason: "malformed", detail: "x-amz-sns-message-type: does not match Type" };
    }
    if (typeof json.Signature !== "string" || json.Signature === "" || typeof json.SigningCertURL !== "string") {
      return { ok: false, reason: "unsigned", detail: "Signature: missing" };
    }
    const required = type === "Notification" ? ["MessageId", "TopicArn", "Message", "Timestamp"] : ["MessageId", "TopicArn", "Message", "Timestamp", "SubscribeURL", "Token"];
    for (const field of [...required, "SignatureVersion"]) {
      if (typeof json[field] !== "string") return { ok: false, reason: "malformed", detail: `${field}: missing` };
    }
    for (const field of ["Subject", "UnsubscribeURL"]) {
      if (json[field] !== undefined && json[field] !== null && typeof json[field] !== "string") {
        return { ok: false, reason: "malformed", detail: `${field}: not a string` };
      }
    }
    const envelope = json as unknown as SnsEnvelope;
    if (json.Subject === null) delete (envelope as { Subject?: string }).Subject;
    if (!this.topics.has(envelope.TopicArn)) return { ok: false, reason: "wrong_topic", detail: "TopicArn: not a topic this bridge subscribed to" };
    if (!isSnsUrl(envelope.SigningCertURL, envelope.TopicArn) || !new URL(envelope.SigningCertURL).pathname.endsWith(".pem")) {
      return { ok: false, reason: "bad_cert_url", detail: "SigningCertURL: not an https .pem URL on the topic region's SNS host" };
    }
    const algorithm = envelope.SignatureVersion === "1" ? "sha1" : envelope.SignatureVersion === "2" ? "sha256" : null;
    if (algorithm === null) return { ok: false, reason: "bad_signature", detail: "SignatureVersion: must be 1 or 2" };

    let cert: X509Certificate;
    try {
      cert = await this.certificate(envelope.SigningCertURL);
    } catch {
      return { ok: false, reason: "cert_unavailable", detail: "SigningCertURL: certificate could not be fetched" };
    }
    const now = this.clock().getTime();
    if (now < Date.parse(cert.validFrom) || now > Date.parse(cert.validTo)) {
      return { ok: false, reason: "bad_signature", detail: "signing certificate: outside its validity period" };
    }
    if (this.certificateHost !== null && cert.checkHost(this.certificateHost) === undefined) {
      return { ok: false, reason: "bad_signature", detail: "signing certificate: not issued to the SNS service" };
    }
    const signature = Buffer.from(envelope.Signature, "base64");
    const ok = verifySignature(algorithm, Buffer.from(snsStringToSign(envelope), "utf8"), cert.publicKey, signature);
    if (!ok) return { ok: false, reason: "bad_signature", detail: "Signature: does not verify" };
    return { ok: true, envelope };
  }

  private certificate(url: string): Promise<X509Certificate> {
    const cached = this.certs.get(url);
    if (cached !== undefined) {
      this.certs.delete(url); // keep most recently used last
      this.certs.set(url, cached);
      return cached;
    }
    const loading = this.download(url);
    this.certs.set(url, loading);
    loading.catch(() => this.certs.delete(url)); // failures are not cached
    while (this.certs.size > this.cacheSize) {
      const oldest = this.certs.keys().next();
      if (oldest.done) break;
      this.certs.delete(oldest.value);
    }
    return loading;
  }

  private async download(url: string): Promise<X509Certificate> {
    const res = await this.fetchImpl(url, { signal: AbortSignal.timeout(this.timeoutMs), redirect: "error" });
    if (!res.ok) throw new Error(`certificate fetch answered HTTP ${res.status}`);
    const buf = await res.arrayBuffer();
    if (buf.byteLength > MAX_CERT_BYTES) throw new Error("certificate too large");
    return new X509Certificate(Buffer.from(buf));
  }
}
