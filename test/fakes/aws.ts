import { createHmac, randomBytes, randomUUID, sign, timingSafeEqual } from "node:crypto";
import type { SnsEnvelope } from "../../bots/sms-bridge/providers/snsVerifier.ts";
import type { IncomingMessage } from "node:http";
import { canonicalPath, canonicalQuery, sha256Hex, signingKey } from "../../bots/sms-bridge/providers/awsSigV4.ts";
import { deliver, FailureQueue, listen, reply, type FakeWebhookRequest } from "./http.ts";
import { selfSignedCertificate, type TestCertificate } from "./selfSignedCert.ts";

/**
 * A local stand-in for AWS End User Messaging SMS (pinpoint-sms-voice-v2) and for the SNS
 * side of two-way SMS, speaking their wire formats:
 * - POST / with X-Amz-Target: PinpointSMSVoiceV2.SendTextMessage, JSON 1.0 protocol, SigV4
 *   checked against the fake's credentials; AWS-style errors ({"__type", "message"} and
 *   x-amzn-ErrorType) and injectable failures (500, 503, 429, throttling).
 * - SNS HTTPS deliveries (Notification, SubscriptionConfirmation, UnsubscribeConfirmation)
 *   signed with SignatureVersion 1 or 2 by a self-signed certificate served at an
 *   `https://sns.<region>.amazonaws.com/...pem` URL; `sns.fetch` maps those AWS URLs to this
 *   fake, so the bridge's host checks stay the production ones. The string to sign is built
 *   here independently of the bridge's code.
 * - The ECS container credentials endpoint.
 */

export type AwsFailure = 500 | 503 | 429 | "throttle" | "validation";

export interface AwsFakeOptions {
  region?: string;
  accountId?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** When set, requests must carry it as X-Amz-Security-Token (temporary credentials). */
  sessionToken?: string;
  /** Authorization token the container credentials endpoint requires. */
  containerAuthToken?: string;
}

export interface FakeAwsMessage {
  messageId: string;
  destinationPhoneNumber: string;
  originationIdentity: string | undefined;
  messageBody: string;
  messageType: string | undefined;
  configurationSetName: string | undefined;
  context: Record<string, string>;
}

/** The SNS envelope's wire shape (the verifier's type); the fake signs it on its own. */
export type SnsEnvelopeFields = SnsEnvelope;

/** Which certificate signs: the good one, an expired one, one issued to another host, or another key at the good one's URL. */
export type CertKind = "good" | "expired" | "wrong_host" | "foreign";

export interface SignOptions {
  signatureVersion?: "1" | "2";
  subject?: string;
  cert?: CertKind;
  timestamp?: Date;
}

export interface AwsFake {
  url: string;
  region: string;
  accountId: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  inboundTopicArn: string;
  eventsTopicArn: string;
  /** Texts accepted by SendTextMessage, in order. */
  messages: FakeAwsMessage[];
  /** SendTextMessage requests received, including refused ones. */
  sendAttempts: number;
  /** Why the last refused request was refused (for test messages). */
  lastRejection: string | undefined;
  failNext(count: number, failure?: AwsFailure): void;
  /** The container credentials endpoint (for AWS_CONTAINER_CREDENTIALS_FULL_URI) and how often it was called. */
  containerCredentialsUrl: string;
  containerCredentialsCalls: number;
  sns: {
    certUrl(kind?: CertKind): string;
    /** A fetch that serves https://sns.<region>.amazonaws.com/... from this fake. */
    fetch: typeof fetch;
    notification(topicArn: string, message: string, options?: SignOptions): SnsEnvelopeFields;
    subscriptionConfirmation(topicArn: string, options?: SignOptions): SnsEnvelopeFields;
    unsubscribeConfirmation(topicArn: string, options?: SignOptions): SnsEnvelopeFields;
    /** The two-way SMS payload End User Messaging publishes for an inbound text. */
    inboundSms(text: { from: string; to: string; body: string; id?: string }, options?: SignOptions): SnsEnvelopeFields;
    /** A delivery event for a sent message, published by the configuration set's event destination. */
    deliveryEvent(event: { messageId: string; eventType: string; context?: Record<string, string> }, options?: SignOptions): SnsEnvelopeFields;
    /** Re-sign an envelope after a test changed it (as a forger with the key would). */
    resign(envelope: SnsEnvelopeFields, options?: SignOptions): SnsEnvelopeFields;
    request(webhookUrl: string, envelope: SnsEnvelopeFields): FakeWebhookRequest;
    /** Subscription tokens confirmed through the SubscribeURL. */
    confirmedTokens: string[];
    certFetches: number;
  };
  deliver(request: FakeWebhookRequest): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

const DAY = 86_400_000;

function stringToSign(e: SnsEnvelopeFields): string {
  const keys =
    e.Type === "Notification"
      ? ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"]
      : ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"];
  return keys
    .filter((k) => (e as unknown as Record<string, unknown>)[k] !== undefined)
    .map((k) => `${k}\n${String((e as unknown as Record<string, unknown>)[k])}\n`)
    .join("");
}

function awsError(type: string, message: string): { body: string; headers: Record<string, string> } {
  return { body: JSON.stringify({ __type: type, message }), headers: { "x-amzn-errortype": `${type}:http://internal.amazon.com/coral/com.amazonaws.pinpointsmsvoicev2/`, "x-amzn-requestid": randomUUID() } };
}

/** Checks the request's SigV4 Authorization header; returns why it fails, or null. */
function checkSigV4(req: IncomingMessage, body: string, creds: AwsFake["credentials"], region: string): string | null {
  const auth = req.headers.authorization ?? "";
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) return "missing or malformed Authorization";
  const [, keyId, date, scopeRegion, service, signedHeaders, signature] = m as unknown as string[];
  if (keyId !== creds.accessKeyId) return "unknown access key";
  if (scopeRegion !== region || service !== "sms-voice") return "wrong credential scope";
  const amzDate = String(req.headers["x-amz-date"] ?? "");
  if (!amzDate.startsWith(date ?? "")) return "x-amz-date does not match the credential scope";
  const when = Date.UTC(+amzDate.slice(0, 4), +amzDate.slice(4, 6) - 1, +amzDate.slice(6, 8), +amzDate.slice(9, 11), +amzDate.slice(11, 13), +amzDate.slice(13, 15));
  if (Math.abs(Date.now() - when) > 15 * 60_000) return "request time too skewed";
  const names = (signedHeaders ?? "").split(";");
  for (const required of ["host", "x-amz-date", "x-amz-target", "content-type", ...(creds.sessionToken ? ["x-amz-security-token"] : [])]) {
    if (!names.includes(required)) return `${required} not signed`;
  }
  if (creds.sessionToken && req.headers["x-amz-security-token"] !== creds.sessionToken) return "wrong security token";
  const url = new URL(req.url ?? "/", "http://fake");
  const canonicalHeaders = names.map((n) => `${n}:${String(req.headers[n] ?? "").trim().replace(/\s+/g, " ")}\n`).join("");
  const canonicalRequest = [req.method, canonicalPath(url.pathname), canonicalQuery(url.search), canonicalHeaders, signedHeaders, sha256Hex(body)].join("\n");
  const toSign = ["AWS4-HMAC-SHA256", amzDate, `${date}/${region}/sms-voice/aws4_request`, sha256Hex(canonicalRequest)].join("\n");
  const expected = createHmac("sha256", signingKey(creds.secretAccessKey, date ?? "", region, "sms-voice")).update(toSign).digest();
  const given = Buffer.from(signature ?? "", "hex");
  return given.length === expected.length && timingSafeEqual(given, expected) ? null : "signature does not match";
}

export async function startAwsFake(options: AwsFakeOptions = {}): Promise<AwsFake> {
  const region = options.region ?? "us-east-1";
  const accountId = options.accountId ?? "123456789012";
  const credentials = {
    accessKeyId: options.accessKeyId ?? `AKIA${randomBytes(8).toString("hex").toUpperCase()}`,
    secretAccessKey: options.secretAccessKey ?? randomBytes(30).toString("base64"),
    ...(options.sessionToken ? { sessionToken: options.sessionToken } : {}),
  };
  const snsHost = `sns.${region}.amazonaws.com`;
  const inboundTopicArn = `arn:aws:sns:${region}:${accountId}:wardroom-sms-inbound`;
  const eventsTopicArn = `arn:aws:sns:${region}:${accountId}:wardroom-sms-events`;
  const failures = new FailureQueue<AwsFailure>();
  const messages: FakeAwsMessage[] = [];
  const confirmedTokens: string[] = [];
  const state = { sendAttempts: 0, certFetches: 0, containerCalls: 0, lastRejection: undefined as string | undefined };

  const now = Date.now();
  const certNames: Record<Exclude<CertKind, "foreign">, string> = {
    good: `SimpleNotificationService-${randomBytes(16).toString("hex")}.pem`,
    expired: `SimpleNotificationService-${randomBytes(16).toString("hex")}.pem`,
    wrong_host: `SimpleNotificationService-${randomBytes(16).toString("hex")}.pem`,
  };
  const certs = new Map<CertKind, TestCertificate>();
  const cert = (kind: CertKind): TestCertificate => {
    let c = certs.get(kind);
    if (!c) {
      c =
        kind === "expired"
          ? selfSignedCertificate({ commonName: "sns.amazonaws.com", notBefore: new Date(now - 730 * DAY), notAfter: new Date(now - 365 * DAY) })
          : selfSignedCertificate({ commonName: kind === "wrong_host" ? "sns.example.net" : "sns.amazonaws.com", notBefore: new Date(now - DAY), notAfter: new Date(now + 365 * DAY) });
      certs.set(kind, c);
    }
    return c;
  };
  const certUrl = (kind: CertKind = "good"): string => `https://${snsHost}/${certNames[kind === "foreign" ? "good" : kind]}`;

  const signEnvelope = (e: SnsEnvelopeFields, o: SignOptions = {}): SnsEnvelopeFields => {
    const kind = o.cert ?? "good";
    const version = o.signatureVersion ?? e.SignatureVersion;
    const unsigned = { ...e, SignatureVersion: version, SigningCertURL: certUrl(kind) };
    const signature = sign(version === "1" ? "sha1" : "sha256", Buffer.from(stringToSign(unsigned), "utf8"), cert(kind).privateKey);
    return { ...unsigned, Signature: signature.toString("base64") };
  };

  const base = (type: SnsEnvelopeFields["Type"], topicArn: string, message: string, o: SignOptions): SnsEnvelopeFields => ({
    Type: type,
    MessageId: randomUUID(),
    TopicArn: topicArn,
    Message: message,
    Timestamp: (o.timestamp ?? new Date()).toISOString(),
    SignatureVersion: o.signatureVersion ?? "2",
    Signature: "",
    SigningCertURL: "",
  });

  const confirmation = (type: "SubscriptionConfirmation" | "UnsubscribeConfirmation", topicArn: string, o: SignOptions = {}): SnsEnvelopeFields => {
    const token = randomBytes(64).toString("hex");
    return signEnvelope(
      {
        ...base(type, topicArn, `You have chosen to subscribe to the topic ${topicArn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`, o),
        Token: token,
        SubscribeURL: `https://${snsHost}/?Action=ConfirmSubscription&TopicArn=${encodeURIComponent(topicArn)}&Token=${token}`,
      },
      o,
    );
  };

  const notification = (topicArn: string, message: string, o: SignOptions = {}): SnsEnvelopeFields =>
    signEnvelope(
      {
        ...base("Notification", topicArn, message, o),
        ...(o.subject !== undefined ? { Subject: o.subject } : {}),
        UnsubscribeURL: `https://${snsHost}/?Action=Unsubscribe&SubscriptionArn=${encodeURIComponent(`${topicArn}:${randomUUID()}`)}`,
      },
      o,
    );

  const server = await listen((req, res, body) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    // SNS: certificates and subscription confirmation, reached through sns.fetch.
    if (req.method === "GET" && path.startsWith("/sns/")) {
      const file = path.slice("/sns/".length);
      const kind = (Object.keys(certNames) as Array<keyof typeof certNames>).find((k) => certNames[k] === file);
      if (kind) {
        state.certFetches += 1;
        reply(res, 200, cert(kind).pem, { "content-type": "application/x-x509-ca-cert" });
        return;
      }
      const query = new URL(req.url ?? "/", "http://fake").searchParams;
      if (file === "" && query.get("Action") === "ConfirmSubscription" && query.get("Token")) {
        confirmedTokens.push(query.get("Token") ?? "");
        const arn = `${query.get("TopicArn") ?? ""}:${randomUUID()}`;
        reply(
          res,
          200,
          `<ConfirmSubscriptionResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><ConfirmSubscriptionResult><SubscriptionArn>${arn}</SubscriptionArn></ConfirmSubscriptionResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></ConfirmSubscriptionResponse>`,
          { "content-type": "text/xml" },
        );
        return;
      }
      reply(res, 404, "", { "content-type": "text/plain" });
      return;
    }
    // ECS container credentials endpoint.
    if (req.method === "GET" && path === "/v2/credentials/wardroom-task") {
      state.containerCalls += 1;
      if (options.containerAuthToken !== undefined && req.headers.authorization !== options.containerAuthToken) {
        reply(res, 401, JSON.stringify({ code: "Unauthorized" }));
        return;
      }
      reply(
        res,
        200,
        JSON.stringify({
          AccessKeyId: credentials.accessKeyId,
          SecretAccessKey: credentials.secretAccessKey,
          Token: credentials.sessionToken ?? "",
          Expiration: new Date(Date.now() + 6 * 3_600_000).toISOString(),
          RoleArn: `arn:aws:iam::${accountId}:role/wardroom-sms-bridge`,
        }),
      );
      return;
    }
    // End User Messaging SMS.
    if (req.method !== "POST" || path !== "/") {
      const e = awsError("UnknownOperationException", "Unknown operation");
      reply(res, 404, e.body, e.headers);
      return;
    }
    state.sendAttempts += 1;
    const refuse = (status: number, type: string, message: string): void => {
      state.lastRejection = `${type}: ${message}`;
      const e = awsError(type, message);
      reply(res, status, e.body, { "content-type": "application/x-amz-json-1.0", ...e.headers });
    };
    const authProblem = checkSigV4(req, body, credentials, region);
    if (authProblem !== null) return refuse(403, "InvalidSignatureException", authProblem);
    if (req.headers["x-amz-target"] !== "PinpointSMSVoiceV2.SendTextMessage") return refuse(400, "UnknownOperationException", "Unknown operation");
    if (!String(req.headers["content-type"] ?? "").startsWith("application/x-amz-json-1.0")) return refuse(400, "SerializationException", "Unsupported content type");
    const failure = failures.take();
    if (failure === 500) return refuse(500, "InternalServerException", "Internal server error");
    if (failure === 503) return refuse(503, "ServiceUnavailableException", "Service unavailable");
    if (failure === 429) return refuse(429, "TooManyRequestsException", "Rate exceeded");
    if (failure === "throttle") return refuse(400, "ThrottlingException", "Rate exceeded");
    if (failure === "validation") return refuse(400, "ValidationException", "Injected validation failure");
    let input: Record<string, unknown>;
    try {
      input = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return refuse(400, "SerializationException", "Body is not JSON");
    }
    const destination = input.DestinationPhoneNumber;
    if (typeof destination !== "string" || !/^\+[1-9][0-9]{1,14}$/.test(destination)) return refuse(400, "ValidationException", "DestinationPhoneNumber must be in E.164 format");
    if (typeof input.MessageBody !== "string" || input.MessageBody.length === 0 || input.MessageBody.length > 1600) return refuse(400, "ValidationException", "MessageBody length must be between 1 and 1600");
    const context = (input.Context ?? {}) as Record<string, string>;
    const message: FakeAwsMessage = {
      messageId: randomUUID(),
      destinationPhoneNumber: destination,
      originationIdentity: typeof input.OriginationIdentity === "string" ? input.OriginationIdentity : undefined,
      messageBody: input.MessageBody,
      messageType: typeof input.MessageType === "string" ? input.MessageType : undefined,
      configurationSetName: typeof input.ConfigurationSetName === "string" ? input.ConfigurationSetName : undefined,
      context,
    };
    messages.push(message);
    reply(res, 200, JSON.stringify({ MessageId: message.messageId }), { "content-type": "application/x-amz-json-1.0", "x-amzn-requestid": randomUUID() });
  });

  const snsFetch = (async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.protocol !== "https:" || url.hostname !== snsHost) throw new TypeError(`fake sns fetch: ${url.hostname} is not ${snsHost}`);
    return fetch(`${server.url}/sns${url.pathname}${url.search}`, init);
  }) as typeof fetch;

  return {
    url: server.url,
    region,
    accountId,
    credentials,
    inboundTopicArn,
    eventsTopicArn,
    messages,
    get sendAttempts() {
      return state.sendAttempts;
    },
    get lastRejection() {
      return state.lastRejection;
    },
    failNext: (count, failure = 500) => failures.add(count, failure),
    containerCredentialsUrl: `${server.url}/v2/credentials/wardroom-task`,
    get containerCredentialsCalls() {
      return state.containerCalls;
    },
    sns: {
      certUrl,
      fetch: snsFetch,
      notification,
      subscriptionConfirmation: (topicArn, o) => confirmation("SubscriptionConfirmation", topicArn, o),
      unsubscribeConfirmation: (topicArn, o) => confirmation("UnsubscribeConfirmation", topicArn, o),
      inboundSms: (text, o) =>
        notification(
          inboundTopicArn,
          JSON.stringify({
            originationNumber: text.from,
            destinationNumber: text.to,
            messageKeyword: "KEYWORD_" + accountId,
            messageBody: text.body,
            inboundMessageId: text.id ?? randomUUID(),
            previousPublishedMessageId: randomUUID(),
          }),
          o,
        ),
      deliveryEvent: (event, o) =>
        notification(
          eventsTopicArn,
          JSON.stringify({
            eventType: event.eventType,
            eventVersion: "1.0",
            eventTimestamp: Date.now(),
            isFinal: ["TEXT_DELIVERED", "TEXT_SUCCESSFUL", "TEXT_BLOCKED", "TEXT_INVALID", "TEXT_UNREACHABLE"].includes(event.eventType),
            originationPhoneNumber: "+12065550152",
            destinationPhoneNumber: "+14255550156",
            isoCountryCode: "US",
            messageId: event.messageId,
            messageRequestTimestamp: Date.now() - 1000,
            messageEncoding: "GSM",
            messageType: "TRANSACTIONAL",
            messageStatus: event.eventType.replace(/^TEXT_/, ""),
            messageStatusDescription: "Message has been accepted by phone",
            context: event.context ?? {},
            totalMessageParts: 1,
            totalMessagePrice: 0.00581,
            totalCarrierFee: 0.0,
          }),
          o,
        ),
      resign: signEnvelope,
      request: (webhookUrl, envelope) => ({
        method: "POST",
        url: webhookUrl,
        headers: {
          "content-type": "text/plain; charset=UTF-8",
          "x-amz-sns-message-type": envelope.Type,
          "x-amz-sns-message-id": envelope.MessageId,
          "x-amz-sns-topic-arn": envelope.TopicArn,
          "user-agent": "Amazon Simple Notification Service Agent",
        },
        body: JSON.stringify(envelope),
      }),
      confirmedTokens,
      get certFetches() {
        return state.certFetches;
      },
    },
    deliver,
    close: server.close,
  };
}
