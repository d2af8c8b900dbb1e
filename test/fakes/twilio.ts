import { createHmac, randomBytes } from "node:crypto";
import { deliver, FailureQueue, listen, reply, type FakeWebhookRequest } from "./http.ts";

/**
 * A local stand-in for Twilio's Programmable Messaging API, speaking its wire format:
 * POST /2010-04-01/Accounts/{AccountSid}/Messages.json (form-encoded, HTTP basic auth) with
 * Twilio's JSON message resource and error body ({code, message, more_info, status}), and
 * webhooks (inbound texts, status callbacks) signed with X-Twilio-Signature. The signature is
 * computed here independently of the bridge's code, so a test cannot pass by agreeing with
 * itself. Failures can be injected for outbox tests.
 */

export interface TwilioFakeOptions {
  accountSid?: string;
  authToken?: string;
  apiKey?: { sid: string; secret: string };
  /** Post "sent" then "delivered" to a message's StatusCallback after accepting it. */
  autoStatusCallbacks?: boolean;
}

export interface FakeTwilioMessage {
  sid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  statusCallback: string | null;
  dateCreated: Date;
}

export interface InjectedFailure {
  status: number;
  code?: number;
  retryAfterSeconds?: number;
}

export interface TwilioFake {
  url: string;
  accountSid: string;
  authToken: string;
  /** Messages accepted, in order. */
  messages: FakeTwilioMessage[];
  /** Send requests received, including refused ones. */
  sendAttempts: number;
  /** Status callbacks posted by autoStatusCallbacks, with the receiver's HTTP status. */
  callbackResults: Array<{ sid: string; status: string; httpStatus: number }>;
  /** Make the next `count` sends fail (500 by default; 429 carries code 20429 and Retry-After). */
  failNext(count: number, failure?: Partial<InjectedFailure>): void;
  /** X-Twilio-Signature for a URL and form parameters, as Twilio computes it. */
  sign(url: string, params: Record<string, string>): string;
  /** A signed inbound-SMS webhook, as Twilio posts it to the number's messaging webhook. */
  inboundRequest(webhookUrl: string, text: { from: string; to: string; body: string; media?: Array<{ url: string; contentType: string }>; sid?: string }): FakeWebhookRequest;
  /** A signed status callback for a message. */
  statusRequest(webhookUrl: string, update: { sid: string; status: string; errorCode?: string; to?: string; from?: string }): FakeWebhookRequest;
  deliver(request: FakeWebhookRequest): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

const hex = (bytes: number): string => randomBytes(bytes).toString("hex");

export function twilioSignatureOf(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, key) => acc + key + params[key], url);
  return createHmac("sha1", Buffer.from(authToken, "utf-8")).update(Buffer.from(data, "utf-8")).digest("base64");
}

function formRequest(url: string, params: Record<string, string>, authToken: string): FakeWebhookRequest {
  return {
    method: "POST",
    url,
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-twilio-signature": twilioSignatureOf(authToken, url, params),
      "i-twilio-idempotency-token": hex(16),
    },
    body: new URLSearchParams(params).toString(),
  };
}

function errorBody(code: number, message: string, status: number): string {
  return JSON.stringify({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
}

export async function startTwilioFake(options: TwilioFakeOptions = {}): Promise<TwilioFake> {
  const accountSid = options.accountSid ?? `AC${hex(16)}`;
  const authToken = options.authToken ?? hex(16);
  const failures = new FailureQueue<InjectedFailure>();
  const messages: FakeTwilioMessage[] = [];
  const callbackResults: TwilioFake["callbackResults"] = [];
  let sendAttempts = 0;
  const credentials = new Set([`${accountSid}:${authToken}`, ...(options.apiKey ? [`${options.apiKey.sid}:${options.apiKey.secret}`] : [])]);

  const statusRequest: TwilioFake["statusRequest"] = (webhookUrl, update) => {
    const params: Record<string, string> = {
      AccountSid: accountSid,
      ApiVersion: "2010-04-01",
      MessageSid: update.sid,
      SmsSid: update.sid,
      MessageStatus: update.status,
      SmsStatus: update.status,
      ...(update.to ? { To: update.to } : {}),
      ...(update.from ? { From: update.from } : {}),
      ...(update.errorCode ? { ErrorCode: update.errorCode } : {}),
    };
    return formRequest(webhookUrl, params, authToken);
  };

  const server = await listen(async (req, res, body) => {
    const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(req.url ?? "");
    if (req.method !== "POST" || !match) {
      reply(res, 404, errorBody(20404, "The requested resource was not found", 404));
      return;
    }
    sendAttempts += 1;
    const auth = req.headers.authorization ?? "";
    const decoded = auth.startsWith("Basic ") ? Buffer.from(auth.slice(6), "base64").toString("utf8") : "";
    if (!credentials.has(decoded)) {
      reply(res, 401, errorBody(20003, "Authenticate", 401), { "www-authenticate": 'Basic realm="Twilio API"' });
      return;
    }
    if (match[1] !== accountSid) {
      reply(res, 404, errorBody(20404, "The requested resource was not found", 404));
      return;
    }
    const failure = failures.take();
    if (failure) {
      const code = failure.code ?? (failure.status === 429 ? 20429 : 20500);
      const headers: Record<string, string> = failure.retryAfterSeconds !== undefined ? { "retry-after": String(failure.retryAfterSeconds) } : {};
      reply(res, failure.status, errorBody(code, failure.status === 429 ? "Too Many Requests" : "Internal Server Error", failure.status), headers);
      return;
    }
    const form = new URLSearchParams(body);
    const to = form.get("To");
    const from = form.get("From");
    const service = form.get("MessagingServiceSid");
    const text = form.get("Body");
    if (!to) return reply(res, 400, errorBody(21604, "A 'To' phone number is required.", 400));
    if (!/^\+[1-9]\d{6,14}$/.test(to)) return reply(res, 400, errorBody(21211, `Invalid 'To' Phone Number: ${to}`, 400));
    if (!from && !service) return reply(res, 400, errorBody(21603, "A 'From' phone number is required.", 400));
    if (!text) return reply(res, 400, errorBody(21602, "Message body is required.", 400));
    if (text.length > 1600) return reply(res, 400, errorBody(21617, "The concatenated message body exceeds the 1600 character limit.", 400));
    const now = new Date();
    const message: FakeTwilioMessage = {
      sid: `SM${hex(16)}`,
      to,
      from,
      messagingServiceSid: service,
      body: text,
      statusCallback: form.get("StatusCallback"),
      dateCreated: now,
    };
    messages.push(message);
    reply(
      res,
      201,
      JSON.stringify({
        account_sid: accountSid,
        api_version: "2010-04-01",
        body: text,
        date_created: now.toUTCString().replace("GMT", "+0000"),
        date_sent: null,
        date_updated: now.toUTCString().replace("GMT", "+0000"),
        direction: "outbound-api",
        error_code: null,
        error_message: null,
        from,
        messaging_service_sid: service,
        num_media: "0",
        num_segments: "1",
        price: null,
        price_unit: "USD",
        sid: message.sid,
        status: "queued",
        subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${message.sid}/Media.json` },
        to,
        uri: `/2010-04-01/Accounts/${accountSid}/Messages/${message.sid}.json`,
      }),
    );
    if (options.autoStatusCallbacks && message.statusCallback) {
      const callbackUrl = message.statusCallback;
      void (async () => {
        for (const status of ["sent", "delivered"]) {
          const result = await deliver(statusRequest(callbackUrl, { sid: message.sid, status, to, ...(from ? { from } : {}) })).catch(() => ({ status: 0 }));
          callbackResults.push({ sid: message.sid, status, httpStatus: result.status });
        }
      })();
    }
  });

  return {
    url: server.url,
    accountSid,
    authToken,
    messages,
    get sendAttempts() {
      return sendAttempts;
    },
    callbackResults,
    failNext: (count, failure = {}) => failures.add(count, { status: failure.status ?? 500, ...failure }),
    sign: (url, params) => twilioSignatureOf(authToken, url, params),
    inboundRequest: (webhookUrl, text) => {
      const sid = text.sid ?? `SM${hex(16)}`;
      const media = text.media ?? [];
      const params: Record<string, string> = {
        ToCountry: "US",
        ToState: "",
        SmsMessageSid: sid,
        NumMedia: String(media.length),
        ToCity: "",
        FromZip: "",
        SmsSid: sid,
        FromState: "",
        SmsStatus: "received",
        FromCity: "",
        Body: text.body,
        FromCountry: "US",
        To: text.to,
        ToZip: "",
        NumSegments: "1",
        MessageSid: sid,
        AccountSid: accountSid,
        From: text.from,
        ApiVersion: "2010-04-01",
      };
      media.forEach((m, i) => {
        params[`MediaUrl${i}`] = m.url;
        params[`MediaContentType${i}`] = m.contentType;
      });
      return formRequest(webhookUrl, params, authToken);
    },
    statusRequest,
    deliver,
    close: server.close,
  };
}
