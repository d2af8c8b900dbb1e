import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { E164 } from "../../../../core/sms/phone.ts";
import { AwsSmsProvider, IDEMPOTENCY_CONTEXT_KEY } from "../../../../bots/sms-bridge/providers/aws.ts";
import {
  containerCredentials,
  containerCredentialsUrl,
  credentialsFromEnv,
  defaultCredentials,
  staticCredentials,
} from "../../../../bots/sms-bridge/providers/awsCredentials.ts";
import { ProviderError } from "../../../../bots/sms-bridge/providers/errors.ts";
import { isSnsUrl, snsHostForTopic, snsStringToSign, type SnsEnvelope } from "../../../../bots/sms-bridge/providers/snsVerifier.ts";
import { startAwsFake, type AwsFake } from "../../../fakes/aws.ts";

const PATIENT = "+15555550123" as E164;
const PRACTICE = "+15555550100";
const WEBHOOK = "https://bridge.example.org/webhooks/sms/aws";

async function sendError(p: Promise<unknown>): Promise<ProviderError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ProviderError) return err;
    throw err;
  }
  throw new Error("expected a ProviderError");
}

let fake: AwsFake;
beforeAll(async () => {
  fake = await startAwsFake({ sessionToken: "session-token-1", containerAuthToken: "container-secret" });
});
afterAll(() => fake.close());

function provider(overrides: Partial<ConstructorParameters<typeof AwsSmsProvider>[0]> = {}): AwsSmsProvider {
  return new AwsSmsProvider({
    region: fake.region,
    credentials: staticCredentials(fake.credentials),
    baseUrl: fake.url,
    configurationSetName: "wardroom",
    topicArns: [fake.inboundTopicArn, fake.eventsTopicArn],
    snsFetch: fake.sns.fetch,
    ...overrides,
  });
}

describe("AwsSmsProvider.send against the End User Messaging fake", () => {
  it("sends a SigV4-signed SendTextMessage and returns the MessageId", async () => {
    const id = await provider().send({ to: PATIENT, from: PRACTICE, body: "See you at 3pm", idempotencyKey: "$event:server" });
    expect(fake.lastRejection).toBeUndefined();
    expect(fake.messages.at(-1)).toEqual({
      messageId: id,
      destinationPhoneNumber: PATIENT,
      originationIdentity: PRACTICE,
      messageBody: "See you at 3pm",
      messageType: "TRANSACTIONAL",
      configurationSetName: "wardroom",
      context: { [IDEMPOTENCY_CONTEXT_KEY]: "$event:server" },
    });
  });

  it("is refused (permanently) when signed with the wrong secret", async () => {
    const p = provider({ credentials: staticCredentials({ ...fake.credentials, secretAccessKey: "wrong" }) });
    const err = await sendError(p.send({ to: PATIENT, from: PRACTICE, body: "x", idempotencyKey: "k" }));
    expect(err).toMatchObject({ kind: "auth", retryable: false, httpStatus: 403, providerCode: "InvalidSignatureException" });
    expect(fake.lastRejection).toContain("signature does not match");
  });

  it("is refused without the session token of temporary credentials", async () => {
    const { sessionToken: _t, ...permanent } = fake.credentials;
    const err = await sendError(provider({ credentials: staticCredentials(permanent) }).send({ to: PATIENT, from: PRACTICE, body: "x", idempotencyKey: "k" }));
    expect(err.kind).toBe("auth");
  });

  it.each([
    ["throttle", { kind: "rate_limited", retryable: true, maybeSent: false, httpStatus: 400, providerCode: "ThrottlingException" }],
    [500, { kind: "server", retryable: true, maybeSent: true, httpStatus: 500, providerCode: "InternalServerException" }],
    [503, { kind: "server", retryable: true, maybeSent: false, httpStatus: 503 }],
    [429, { kind: "rate_limited", retryable: true, maybeSent: false, httpStatus: 429 }],
    ["validation", { kind: "rejected", retryable: false, httpStatus: 400, providerCode: "ValidationException" }],
  ] as const)("classifies an injected %s failure", async (failure, expected) => {
    fake.failNext(1, failure);
    const before = fake.messages.length;
    const err = await sendError(provider().send({ to: PATIENT, from: PRACTICE, body: "x", idempotencyKey: "k" }));
    expect(err).toMatchObject(expected);
    expect(fake.messages.length).toBe(before);
  });

  it("reports unavailable credentials as a retryable auth failure", async () => {
    const p = provider({ credentials: () => Promise.reject(new Error("no role")) });
    const err = await sendError(p.send({ to: PATIENT, from: PRACTICE, body: "x", idempotencyKey: "k" }));
    expect(err).toMatchObject({ kind: "auth", retryable: true, maybeSent: false });
  });
});

describe("AWS credentials", () => {
  it("reads the standard environment variables", () => {
    expect(credentialsFromEnv({ AWS_ACCESS_KEY_ID: "AKIA1", AWS_SECRET_ACCESS_KEY: "s", AWS_SESSION_TOKEN: "t" })).toEqual({
      accessKeyId: "AKIA1",
      secretAccessKey: "s",
      sessionToken: "t",
    });
    expect(credentialsFromEnv({ AWS_ACCESS_KEY_ID: "AKIA1" })).toBeNull();
  });

  it("only trusts a full container URI over https or on a loopback address", () => {
    expect(containerCredentialsUrl({ AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: "/v2/credentials/x" })).toBe("http://169.254.170.2/v2/credentials/x");
    expect(containerCredentialsUrl({ AWS_CONTAINER_CREDENTIALS_FULL_URI: "http://127.0.0.1:1/x" })).toBe("http://127.0.0.1:1/x");
    expect(() => containerCredentialsUrl({ AWS_CONTAINER_CREDENTIALS_FULL_URI: "http://evil.example/x" })).toThrow(/FULL_URI/);
    expect(containerCredentialsUrl({})).toBeNull();
  });

  it("fetches container credentials with the authorization token, caches them, and refreshes before expiry", async () => {
    let now = new Date();
    const env = { AWS_CONTAINER_CREDENTIALS_FULL_URI: fake.containerCredentialsUrl, AWS_CONTAINER_AUTHORIZATION_TOKEN: "container-secret" };
    const creds = containerCredentials({ env, clock: () => now });
    const calls = fake.containerCredentialsCalls;
    const first = await creds();
    expect(first).toMatchObject({ accessKeyId: fake.credentials.accessKeyId, sessionToken: "session-token-1" });
    await creds();
    expect(fake.containerCredentialsCalls).toBe(calls + 1);
    now = new Date(first.expiration!.getTime() - 60_000); // inside the refresh margin
    await creds();
    expect(fake.containerCredentialsCalls).toBe(calls + 2);
    const id = await provider({ credentials: defaultCredentials({ env }) }).send({ to: PATIENT, from: PRACTICE, body: "x", idempotencyKey: "k" });
    expect(fake.messages.at(-1)?.messageId).toBe(id);
  });

  it("fails when the container endpoint refuses the token", async () => {
    const creds = containerCredentials({ env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: fake.containerCredentialsUrl, AWS_CONTAINER_AUTHORIZATION_TOKEN: "wrong" } });
    await expect(creds()).rejects.toThrow(/HTTP 401/);
  });
});

describe("SNS string to sign and hosts", () => {
  it("reproduces the layout of AWS's documented Notification example", () => {
    const envelope = {
      Type: "Notification",
      MessageId: "4d4dc071-ddbf-465d-bba8-08f81c89da64",
      TopicArn: "arn:aws:sns:us-east-2:123456789012:s4-MySNSTopic-1G1WEFCOXTC0P",
      Subject: "My subject",
      Message: "My Test Message",
      Timestamp: "2019-01-31T04:37:04.321Z",
      SignatureVersion: "1",
      Signature: "x",
      SigningCertURL: "x",
    } satisfies SnsEnvelope;
    expect(snsStringToSign(envelope)).toBe(
      "Message\nMy Test Message\nMessageId\n4d4dc071-ddbf-465d-bba8-08f81c89da64\nSubject\nMy subject\n" +
        "Timestamp\n2019-01-31T04:37:04.321Z\nTopicArn\narn:aws:sns:us-east-2:123456789012:s4-MySNSTopic-1G1WEFCOXTC0P\nType\nNotification\n",
    );
    const { Subject: _s, ...withoutSubject } = envelope;
    expect(snsStringToSign(withoutSubject)).not.toContain("Subject");
  });

  it("derives the SNS host from the topic's region and partition", () => {
    expect(snsHostForTopic("arn:aws:sns:eu-west-1:123456789012:t")).toBe("sns.eu-west-1.amazonaws.com");
    expect(snsHostForTopic("arn:aws-cn:sns:cn-north-1:123456789012:t")).toBe("sns.cn-north-1.amazonaws.com.cn");
    expect(snsHostForTopic("arn:aws:sqs:us-east-1:123456789012:t")).toBeNull();
    const topic = "arn:aws:sns:us-east-1:123456789012:t";
    expect(isSnsUrl("https://sns.us-east-1.amazonaws.com/SimpleNotificationService-x.pem", topic)).toBe(true);
    for (const bad of [
      "http://sns.us-east-1.amazonaws.com/x.pem",
      "https://sns.us-east-1.amazonaws.com.evil.example/x.pem",
      "https://sns.eu-west-1.amazonaws.com/x.pem",
      "https://sns.us-east-1.amazonaws.com:8443/x.pem",
      "https://user@sns.us-east-1.amazonaws.com/x.pem",
      "https://evil.example/sns.us-east-1.amazonaws.com/x.pem",
    ]) {
      expect(isSnsUrl(bad, topic)).toBe(false);
    }
  });
});

describe("AwsSmsProvider.handleWebhook (SNS)", () => {
  it("accepts a signed inbound text (SignatureVersion 2) and normalises it", async () => {
    const envelope = fake.sns.inboundSms({ from: PATIENT, to: PRACTICE, body: "Running 10 min late", id: "cae173d2-66b9-564c-8309-21f858e9fb84" });
    const outcome = await provider().handleWebhook(fake.sns.request(WEBHOOK, envelope));
    expect(outcome).toEqual({
      kind: "inbound",
      message: {
        providerMessageId: "cae173d2-66b9-564c-8309-21f858e9fb84",
        from: PATIENT,
        to: PRACTICE,
        body: "Running 10 min late",
        media: [],
        receivedAt: new Date(envelope.Timestamp),
      },
    });
  });

  it("accepts SignatureVersion 1 (SHA1withRSA)", async () => {
    const envelope = fake.sns.inboundSms({ from: PATIENT, to: PRACTICE, body: "hi" }, { signatureVersion: "1" });
    expect((await provider().handleWebhook(fake.sns.request(WEBHOOK, envelope))).kind).toBe("inbound");
  });

  it("maps delivery events to statuses", async () => {
    const p = provider();
    const delivered = await p.handleWebhook(fake.sns.request(WEBHOOK, fake.sns.deliveryEvent({ messageId: "m-1", eventType: "TEXT_DELIVERED" })));
    expect(delivered).toMatchObject({ kind: "status", update: { providerMessageId: "m-1", status: "delivered" } });
    const unreachable = await p.handleWebhook(fake.sns.request(WEBHOOK, fake.sns.deliveryEvent({ messageId: "m-2", eventType: "TEXT_UNREACHABLE" })));
    expect(unreachable).toMatchObject({ kind: "status", update: { status: "undelivered", errorCode: "TEXT_UNREACHABLE" } });
    const accepted = await p.handleWebhook(fake.sns.request(WEBHOOK, fake.sns.deliveryEvent({ messageId: "m-3", eventType: "TEXT_SUCCESSFUL" })));
    expect(accepted).toMatchObject({ kind: "status", update: { status: "sent" } });
    const voice = await p.handleWebhook(fake.sns.request(WEBHOOK, fake.sns.deliveryEvent({ messageId: "m-4", eventType: "VOICE_COMPLETED" })));
    expect(voice).toEqual({ kind: "handled", note: "ignored_event" });
  });

  it("confirms a verified subscription through its SubscribeURL", async () => {
    const envelope = fake.sns.subscriptionConfirmation(fake.inboundTopicArn);
    const outcome = await provider().handleWebhook(fake.sns.request(WEBHOOK, envelope));
    expect(outcome).toEqual({ kind: "handled", note: "subscription_confirmed" });
    expect(fake.sns.confirmedTokens).toContain(envelope.Token);
    const unsubscribed = await provider().handleWebhook(fake.sns.request(WEBHOOK, fake.sns.unsubscribeConfirmation(fake.inboundTopicArn)));
    expect(unsubscribed).toEqual({ kind: "handled", note: "unsubscribe_confirmation" });
  });

  it("refuses an unsigned message with 401", async () => {
    const { Signature: _s, ...unsigned } = fake.sns.inboundSms({ from: PATIENT, to: PRACTICE, body: "hi" });
    const request = { ...fake.sns.request(WEBHOOK, fake.sns.inboundSms({ from: PATIENT, to: PRACTICE, body: "hi" })), body: JSON.stringify(unsigned) };
    expect(await provider().handleWebhook(request)).toMatchObject({ kind: "rejected", reason: "unsigned", httpStatus: 401 });
  });

  it("refuses a forged message (text changed after signing) with 403", async () => {
    const envelope = fake.sns.inboundSms({ from: PATIENT, to: PRACTICE, body: "hi" });
    const forged = { ...envelope, Message: envelope.Message.replace('"hi"', '"STOP"') };
    expect(forged.Message).not.toBe(envelope.Message);
    expect(await provider().handleWebhook(fake.sns.request(WEBHOOK, forged))).toMatchObject({ reason: "bad_signature", httpStatus: 403 });
  });

  it("refuses a message signed with another key, an expired certificate, or one issued to another host", async () => {
    for (const cert of ["foreign", "expired", "wrong_host"] as const) {
      const envelope = fake.sns.inboundSms({ from: PATIENT, to: PRACTICE, body: "hi" }, { cert });
      expect(await provider().handleWebhook(fake.sns.request(WEBHOOK, envelope)), cert).toMatchObject({ reason: "bad_signature", httpStatus: 403 });
    }
  });

  it("refuses a validly signed message from a topic it did not subscribe to", async () => {
    const envelope = fake.sns.notification(`arn:aws:sns:${fake.region}:999999999999:someone-else`, JSON.stringify({ messageBody: "x" }));
    expect(await provider().handleWebhook(fake.sns.request(WEBHOOK, envelope))).toMatchObject({ reason: "wrong_topic", httpStatus: 403 });
  });

  it("refuses certificate URLs off the topic region's SNS host, without fetching them", async () => {
    const fetches = fake.sns.certFetches;
    for (const url of [
      "https://sns.us-east-1.amazonaws.com.evil.example/SimpleNotificationService-x.pem",
      "http://sns.us-east-1.amazonaws.com/SimpleNotificationService-x.pem",
      "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-x.pem",
      "https://sns.us-east-1.amazonaws.com/not-a-cert",
    ]) {
      const envelope = { ...fake.sns.inboundSms({ from: PATIENT, to: PRACTICE, body: "hi" }), SigningCertURL: url };
      expect(await provider().handleWebhook(fake.sns.request(WEBHOOK, envelope)), url).toMatchObject({ reason: "bad_cert_url", httpStatus: 403 });
    }
    expect(fake.sns.certFetches).toBe(fetches);
  });

  it("refuses to confirm a subscription whose SubscribeURL is off the SNS host", async () => {
    const envelope = fake.sns.resign({ ...fake.sns.subscriptionConfirmation(fake.inboundTopicArn), SubscribeURL: "https://evil.example/?Action=ConfirmSubscription" });
    expect(await provider().handleWebhook(fake.sns.request(WEBHOOK, envelope))).toMatchObject({ kind: "rejected", reason: "bad_cert_url" });
  });

  it("answers 503 when the certificate cannot be fetched, and does not cache the failure", async () => {
    const envelope = fake.sns.inboundSms({ from: PATIENT, to: PRACTICE, body: "hi" });
    const down = provider({ snsFetch: (() => Promise.reject(new TypeError("fetch failed"))) as typeof fetch });
    expect(await down.handleWebhook(fake.sns.request(WEBHOOK, envelope))).toMatchObject({ reason: "cert_unavailable", httpStatus: 503 });
    let failNext = true;
    const flaky = provider({
      snsFetch: ((input: string, init?: RequestInit) => {
        if (failNext) {
          failNext = false;
          return Promise.reject(new TypeError("fetch failed"));
        }
        return fake.sns.fetch(input, init);
      }) as typeof fetch,
    });
    expect((await flaky.handleWebhook(fake.sns.request(WEBHOOK, envelope))).kind).toBe("rejected");
    expect((await flaky.handleWebhook(fake.sns.request(WEBHOOK, envelope))).kind).toBe("inbound");
  });

  it("fetches each signing certificate once", async () => {
    const p = provider();
    const before = fake.sns.certFetches;
    for (let i = 0; i < 3; i++) {
      expect((await p.handleWebhook(fake.sns.request(WEBHOOK, fake.sns.inboundSms({ from: PATIENT, to: PRACTICE, body: `m${i}` })))).kind).toBe("inbound");
    }
    expect(fake.sns.certFetches).toBe(before + 1);
  });

  it("refuses malformed requests with 400", async () => {
    const p = provider();
    const good = fake.sns.request(WEBHOOK, fake.sns.inboundSms({ from: PATIENT, to: PRACTICE, body: "hi" }));
    expect(await p.handleWebhook({ ...good, body: "not json" })).toMatchObject({ reason: "malformed", httpStatus: 400 });
    expect(await p.handleWebhook({ ...good, headers: { ...good.headers, "x-amz-sns-message-type": "SubscriptionConfirmation" } })).toMatchObject({
      reason: "malformed",
    });
    const notJson = fake.sns.notification(fake.inboundTopicArn, "plain text");
    expect(await p.handleWebhook(fake.sns.request(WEBHOOK, notJson))).toMatchObject({ reason: "malformed", detail: "Message: not JSON" });
    const noSender = fake.sns.notification(fake.inboundTopicArn, JSON.stringify({ messageBody: "x", inboundMessageId: "i", destinationNumber: PRACTICE }));
    expect(await p.handleWebhook(fake.sns.request(WEBHOOK, noSender))).toMatchObject({ reason: "malformed", detail: "Message.originationNumber: not a phone number" });
  });
});
